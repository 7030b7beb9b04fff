import Foundation
import KilnCore
import KilnSystem

extension PythonToolchain {
    /// `tests` with every test function named in `reasons` (top level or in a class; a
    /// parametrized case `test_x[1]` marks `test_x`) decorated with
    /// `@pytest.mark.xfail(strict=False, reason=...)` on a line of its own at the function's
    /// indentation, and `import pytest` added when missing. Nothing else changes.
    public func markingExpectedFailures(_ reasons: [String: String], in tests: String) async throws -> String {
        struct Reply: Decodable { var source: String }
        let script = try HelperScript.install(named: "xfail", source: PythonHelperSource.xfail, in: helpers)
        let request: [String: Any] = ["source": tests, "reasons": reasons]
        let result = try await ProcessRunner.run(
            python.path, ["-I", script.path], input: try JSONSerialization.data(withJSONObject: request), timeout: .seconds(60))
        guard result.succeeded, let reply = try? JSONDecoder().decode(Reply.self, from: result.stdout) else {
            throw ValidationError.toolFailed("marking expected failures", String(result.stderrText.suffix(600)))
        }
        return reply.source
    }

}
