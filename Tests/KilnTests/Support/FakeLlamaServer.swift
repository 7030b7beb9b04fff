import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stand-in for llama.cpp's `llama-server` that answers what Kiln's supervision asks
/// (`--help`, `/health`, `/metrics`), so that starting, sharing and replacing servers is tested
/// without building llama.cpp or loading a model. `FAKE_LLAMA_BUSY=1` reports a request in progress.
enum FakeLlamaServer {
    static let source = #"""
        #!/usr/bin/env python3
        import http.server, os, sys
        if "--help" in sys.argv:
            print("--parallel N --ctx-size N --alias NAME --metrics --no-webui --threads-batch N --spec-type T --port N")
            sys.exit(0)
        port = int(sys.argv[sys.argv.index("--port") + 1])
        busy = os.environ.get("FAKE_LLAMA_BUSY") == "1"
        print(f"fake llama-server listening on {port}", flush=True)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/health":
                    body = b'{"status":"ok"}'
                elif self.path == "/metrics":
                    body = f"llamacpp:requests_processing {1 if busy else 0}\nllamacpp:n_decode_total 0\n".encode()
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """#

    /// Writes the fake server into `directory` as an executable and returns it. The file is
    /// written through a close-on-exec descriptor: a child another test starts meanwhile must not
    /// inherit it open for writing, or running the file fails with "Text file busy".
    static func install(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("llama-server")
        try writeExecutable(source, to: url)
        return url
    }

    /// Writes an executable script through a close-on-exec descriptor (see `install`).
    static func writeExecutable(_ text: String, to url: URL) throws {
        let fd = open(url.path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw POSIXError(.EACCES) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw POSIXError(.EIO) }
    }
}
