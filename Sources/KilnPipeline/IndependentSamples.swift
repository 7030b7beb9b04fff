import KilnModels

extension ModelBackend {
    /// Runs `count` independent requests (`body` gets the sample's index), together when the
    /// backend decodes several at once, else one after another; results in index order.
    /// `atOnce`: at most this many bodies run together (a body that makes several requests of
    /// its own counts once), the next starting as one ends; the backend's slots when nil.
    func independentSamples<T: Sendable>(
        _ count: Int, atOnce: Int? = nil, _ body: @escaping @Sendable (Int) async throws -> T
    ) async throws -> [T] {
        guard count > 0 else { return [] }
        let limit = max(1, atOnce ?? concurrency)
        if concurrency <= 1 || limit <= 1 {
            var results: [T] = []
            for index in 0..<count { results.append(try await body(index)) }
            return results
        }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var next = 0
            while next < min(limit, count) {
                let index = next
                group.addTask { (index, try await body(index)) }
                next += 1
            }
            var results: [(Int, T)] = []
            for try await result in group {
                results.append(result)
                if next < count {
                    let index = next
                    group.addTask { (index, try await body(index)) }
                    next += 1
                }
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
