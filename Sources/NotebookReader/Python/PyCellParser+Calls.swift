import NBCore

/// Named constants (`np.nan`) and pure constructors around literals (`np.array([...])`, `float("nan")`).
extension PyCellParser {
    /// Constants that name a float exactly.
    static let constants: [String: Double] = [
        "np.nan": .nan, "np.inf": .infinity, "numpy.nan": .nan, "numpy.inf": .infinity, "math.nan": .nan,
        "math.inf": .infinity,
    ]

    /// Constructors nbship resolves without running code.
    enum Constructor: String {
        case npArray = "np.array"
        case npAsarray = "np.asarray"
        case numpyArray = "numpy.array"
        case numpyAsarray = "numpy.asarray"
        case list, tuple, dict, float, int

        var isArray: Bool { [.npArray, .npAsarray, .numpyArray, .numpyAsarray].contains(self) }
    }

    /// A name, a dotted name or a call: resolved when it is a known constant or constructor.
    mutating func parseNamed(depth: Int) throws(ParseFailure) -> PyLiteral {
        let start = position
        let first = current
        guard !pythonKeywords.contains(first.text) else {
            throw notLiteral(from: start, offending: first, reason: "`\(first.text)` is code")
        }
        var name = first.text
        advance()
        while current.isOp("."), peek().kind == .name {
            advance()
            name += "." + current.text
            advance()
        }
        if current.isOp("(") {
            guard let constructor = Constructor(rawValue: name) else {
                throw notLiteral(from: start, offending: first, reason: "it calls `\(name)`")
            }
            return try parseCall(constructor, name: first, start: start, depth: depth)
        }
        if let constant = Self.constants[name] {
            return PyLiteral(.float(constant), at: location(first), constructor: name)
        }
        throw notLiteral(
            from: start, offending: first,
            reason: name.contains(".")
                ? "it reads `\(name)`" : "`\(name)` is a variable, whose value nbship cannot know")
    }

    private mutating func parseCall(
        _ constructor: Constructor, name: PyToken, start: Int, depth: Int
    ) throws(ParseFailure) -> PyLiteral {
        let open = current
        advance()
        var arguments: [PyLiteral] = []
        var keywords: [(name: PyToken, value: PyLiteral)] = []
        var dtype: (name: String, token: PyToken)?
        while !current.isOp(")") {
            if current.isOp("*") || current.isOp("**") {
                throw notLiteral(from: start, offending: current, reason: "argument unpacking runs code")
            }
            if current.kind == .name, peek().isOp("=") {
                let keyword = current
                advance()
                advance()
                if constructor.isArray, keyword.text == "dtype" {
                    dtype = (try parseDType(depth: depth + 1), keyword)
                } else {
                    keywords.append((keyword, try parseValue(depth: depth + 1)))
                }
            } else {
                arguments.append(try parseValue(depth: depth + 1))
            }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectClosing(")", open: open)
        let call = CallSite(constructor: constructor, name: name, start: start, end: position)
        if constructor == .dict { return try buildDict(call, arguments: arguments, keywords: keywords) }
        if let keyword = keywords.first {
            throw notLiteral(
                from: start, offending: keyword.name,
                reason: "`\(constructor.rawValue)` takes no keyword `\(keyword.name.text)` here")
        }
        guard arguments.count <= 1 else {
            throw notLiteral(from: start, offending: name, reason: "`\(constructor.rawValue)` takes one argument")
        }
        return try build(call, argument: arguments.first, dtype: dtype)
    }

    /// Where a constructor call is, for its result and its diagnostics.
    struct CallSite {
        var constructor: Constructor
        var name: PyToken
        var start: Int
        var end: Int
    }

    /// `dtype=float`, `dtype=np.float64`, `dtype="float64"`: only the text is needed.
    private mutating func parseDType(depth: Int) throws(ParseFailure) -> String {
        if current.kind == .string, let string = current.string, string.kind == .text {
            advance()
            return string.value
        }
        guard current.kind == .name else { return try parseValue(depth: depth).typeName }
        var name = current.text
        advance()
        while current.isOp("."), peek().kind == .name {
            advance()
            name += "." + current.text
            advance()
        }
        return name
    }

    private func fail(_ call: CallSite, _ reason: String) -> ParseFailure {
        notLiteral(from: call.start, offending: call.name, reason: reason)
    }

    private func build(
        _ call: CallSite, argument: PyLiteral?, dtype: (name: String, token: PyToken)?
    )
        throws(ParseFailure)
        -> PyLiteral
    {
        let at = location(call.name)
        let constructor = call.constructor.rawValue
        switch call.constructor {
        case .list, .tuple:
            guard let argument else {
                return PyLiteral(call.constructor == .list ? .list([]) : .tuple([]), at: at, constructor: constructor)
            }
            guard let items = argument.elements else {
                throw fail(
                    call, "`\(constructor)` of a \(argument.typeName) is not resolved; pass a list or tuple literal")
            }
            return PyLiteral(call.constructor == .list ? .list(items) : .tuple(items), at: at, constructor: constructor)
        case .float:
            guard let argument else { return PyLiteral(.float(0), at: at, constructor: constructor) }
            return PyLiteral(.float(try floatValue(argument, call)), at: at, constructor: constructor)
        case .int:
            guard let argument else { return PyLiteral(.int(0), at: at, constructor: constructor) }
            return PyLiteral(.int(try intValue(argument, call)), at: at, constructor: constructor)
        case .npArray, .npAsarray, .numpyArray, .numpyAsarray:
            guard let argument else { throw fail(call, "`\(constructor)` needs a list literal") }
            var array = Self.arrayLike(argument)
            if let dtype { array = try convert(array, dtype: dtype.name, call) }
            array.location = at
            array.constructor = constructor
            return array
        case .dict:
            throw fail(call, "unreachable")
        }
    }

    /// `dict(a=1, b=2)` or `dict({...})`: string keys located at the keyword names.
    private func buildDict(
        _ call: CallSite, arguments: [PyLiteral], keywords: [(name: PyToken, value: PyLiteral)]
    ) throws(ParseFailure) -> PyLiteral {
        var entries: [PyDictEntry] = []
        if let argument = arguments.first {
            guard arguments.count == 1, let given = argument.entries else {
                throw fail(call, "`dict` takes keyword arguments or one dict literal here")
            }
            entries = given
        }
        for keyword in keywords {
            entries.append(
                PyDictEntry(
                    key: PyLiteral(.string(keyword.name.text), at: location(keyword.name)), value: keyword.value))
        }
        return PyLiteral(.dict(entries), at: location(call.name), constructor: "dict")
    }

    /// NumPy turns tuples into arrays too; nested sequences become nested lists.
    static func arrayLike(_ literal: PyLiteral) -> PyLiteral {
        guard let items = literal.elements else { return literal }
        var result = literal
        result.kind = .list(items.map(arrayLike))
        return result
    }
}
