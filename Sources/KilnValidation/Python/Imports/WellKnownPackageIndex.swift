/// Kiln's offline index of real, widely used PyPI projects (the 15,000 most downloaded), used
/// to tell a plausible import from a hallucinated one without asking the network.
public enum WellKnownPackages {
    /// PEP 503 normalised project name → download rank (1 = most downloaded).
    public static let ranks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (index, name) in rankedNames.split(separator: "\n").enumerated() {
            let normalized = normalize(name.trimmingCharacters(in: .whitespaces))
            if ranks[normalized] == nil { ranks[normalized] = index + 1 }
        }
        return ranks
    }()

    /// Lower case with runs of `-`, `_` and `.` as one `-` (PEP 503).
    public static func normalize(_ name: some StringProtocol) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }

    /// Import names whose project is called something else. The index and dependency files name
    /// projects; code names modules.
    public static let projectsByModule: [String: [String]] = [
        "yaml": ["pyyaml"], "bs4": ["beautifulsoup4"], "PIL": ["pillow"], "sklearn": ["scikit-learn"],
        "skimage": ["scikit-image"], "cv2": ["opencv-python", "opencv-python-headless", "opencv-contrib-python"],
        "dateutil": ["python-dateutil"], "dotenv": ["python-dotenv"], "jwt": ["pyjwt"], "Crypto": ["pycryptodome"],
        "Cryptodome": ["pycryptodomex"], "magic": ["python-magic"], "serial": ["pyserial"], "usb": ["pyusb"],
        "attr": ["attrs"], "OpenSSL": ["pyopenssl"], "docx": ["python-docx"], "pptx": ["python-pptx"], "git": ["gitpython"],
        "fitz": ["pymupdf"], "zmq": ["pyzmq"], "google": ["protobuf", "google-api-core", "google-cloud-storage", "google-auth"],
        "googleapiclient": ["google-api-python-client"], "jose": ["python-jose"], "multipart": ["python-multipart"],
        "telegram": ["python-telegram-bot"], "socketio": ["python-socketio"], "engineio": ["python-engineio"],
        "slugify": ["python-slugify"], "ldap": ["python-ldap"], "MySQLdb": ["mysqlclient"],
        "psycopg2": ["psycopg2-binary", "psycopg2"],
        "win32api": ["pywin32"], "win32con": ["pywin32"], "pkg_resources": ["setuptools"], "mpl_toolkits": ["matplotlib"],
        "Levenshtein": ["python-levenshtein", "levenshtein"], "kafka": ["kafka-python"], "nacl": ["pynacl"],
        "dns": ["dnspython"], "lxml": ["lxml"], "markdown": ["markdown"], "grpc": ["grpcio"], "tensorflow": ["tensorflow"],
        "torch": ["torch"], "faiss": ["faiss-cpu"], "openai": ["openai"], "sentencepiece": ["sentencepiece"],
        "Bio": ["biopython"], "ruamel": ["ruamel-yaml"], "toml": ["toml"], "tomli": ["tomli"], "websocket": ["websocket-client"],
        "github": ["pygithub"], "cairo": ["pycairo"], "ldap3": ["ldap3"], "gi": ["pygobject"], "wx": ["wxpython"],
        "xdist": ["pytest-xdist"], "sqlalchemy": ["sqlalchemy"],
    ]

    /// Projects that may provide `module`: the alias table, then the module's own name.
    public static func candidateProjects(for module: String) -> [String] {
        (projectsByModule[module] ?? []) + [normalize(module), "python-" + normalize(module)]
    }

    /// The best-ranked well-known project that provides `module`, if any.
    public static func project(for module: String) -> (name: String, rank: Int)? {
        candidateProjects(for: module).compactMap { name in ranks[name].map { (name, $0) } }.min { $0.rank < $1.rank }
    }
}
