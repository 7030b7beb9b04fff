import KilnModels

extension ModelBackend {
    /// Runs `count` independent requests (`body` gets the sample's index), together when the
    /// backend decodes several at once, else one after another; results in index order.
    func independentSamples<T: Sendable>(
        _ count: Int, _ body: @escaping @Sendable (Int) async throws -> T
    ) async throws -> [T] {
        guard count > 0 else { return [] }
        if concurrency <= 1 {
            var results: [T] = []
            for index in 0..<count { results.append(try await body(index)) }
            return results
        }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for index in 0..<count { group.addTask { (index, try await body(index)) } }
            var results: [(Int, T)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
