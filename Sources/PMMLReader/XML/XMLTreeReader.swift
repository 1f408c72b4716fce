import CLibXML2
import Foundation
import NBCore

/// A thin, safe wrapper around libxml2: parses bytes into an `XMLTreeElement` and frees libxml2's memory at once.
///
/// Safety: the parser never touches the network (`XML_PARSE_NONET`), never substitutes entities
/// (no `XML_PARSE_NOENT`), never loads an external DTD (no `XML_PARSE_DTDLOAD`/`XML_PARSE_DTDATTR`) and never
/// processes XInclude, so an XXE document cannot read files and a billion-laughs document is refused by libxml2's
/// entity-amplification check or left unexpanded. Entity references that survive parsing are reported
/// (`pmml.xml-entity`) instead of being silently dropped or expanded. Nesting depth is capped at `maxDepth` (256 by
/// libxml2 itself without `XML_PARSE_HUGE`; lower limits here), which also bounds the recursion of the conversion.
enum XMLTreeReader {
    /// The most syntax errors reported for one document; later ones are usually consequences of the first.
    static let maximumErrors = 5

    /// Parses `data` (`file` names it in diagnostics) into its root element.
    static func parse(_ data: Data, file: String, maxDepth: Int = 256) throws(DiagnosticError) -> XMLTreeElement {
        _ = libxml2Initialised
        if data.isEmpty {
            throw DiagnosticError(
                .error(
                    PMMLDiagnosticID.xmlSyntax, "The file is empty.", at: SourceLocation(file: file, line: 1),
                    help: ["export the model again; a PMML file starts with '<PMML'"]))
        }
        guard data.count < Int(Int32.max) else {
            throw DiagnosticError(
                .error(
                    PMMLDiagnosticID.xmlSyntax, "The file is too large to parse (2 GiB or more).",
                    at: SourceLocation(file: file)))
        }
        guard let context = xmlNewParserCtxt() else {
            throw DiagnosticError(
                .error(PMMLDiagnosticID.xmlSyntax, "libxml2 could not create a parser.", at: SourceLocation(file: file))
            )
        }
        defer { xmlFreeParserCtxt(context) }

        let limit = min(maxDepth, InputLimits.deepestAllowed)
        let sink = ParseSink(context: context, file: file, depthLimit: limit)
        let document: xmlDocPtr? = withExtendedLifetime(sink) {
            context.pointee._private = Unmanaged.passUnretained(sink).toOpaque()
            let handler = context.pointee.sax
            handler?.pointee.serror = collectStructuredError
            // Elements, text and entity references go straight into Swift values (`ParseSink`); libxml2
            // still builds the document node and its DTD, which entity handling needs, but no element tree.
            handler?.pointee.startElementNs = startElement
            handler?.pointee.endElementNs = endElement
            handler?.pointee.characters = characters
            handler?.pointee.ignorableWhitespace = characters
            handler?.pointee.cdataBlock = characters
            handler?.pointee.reference = reference
            defer {
                handler?.pointee.serror = nil
                context.pointee._private = nil
            }
            return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> xmlDocPtr? in
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
                return xmlCtxtReadMemory(context, base, Int32(bytes.count), nil, nil, parseOptions)
            }
        }
        defer { if let document { xmlFreeDoc(document) } }

        var errors = sink.errors.filter { $0.isError }
        if errors.isEmpty, document == nil || context.pointee.wellFormed == 0,
            let last = xmlCtxtGetLastError(context)
        {
            errors.append(ParseSink.Captured(last.pointee))
        }
        if let deep = errors.first(where: { $0.message.contains("Excessive depth") }) {
            throw DiagnosticError(tooDeep(file: file, line: deep.line, limit: min(maxDepth, 256)))
        }
        if !errors.isEmpty || document == nil {
            throw DiagnosticError(syntaxDiagnostic(errors, file: file))
        }
        guard let root = sink.root else {
            throw DiagnosticError(
                .error(PMMLDiagnosticID.xmlSyntax, "The document has no root element.", at: SourceLocation(file: file)))
        }
        if let line = sink.tooDeepLine {
            throw DiagnosticError(tooDeep(file: file, line: line, limit: limit))
        }
        if !sink.problems.isEmpty { throw DiagnosticError(sink.problems) }
        return root
    }

    static func tooDeep(file: String, line: Int, limit: Int) -> Diagnostic {
        .error(
            PMMLDiagnosticID.tooDeep,
            "The document nests elements more than \(limit) levels deep (a decision tree about that deep).",
            at: SourceLocation(file: file, line: line),
            help: [
                limit < InputLimits.deepestAllowed
                    ? "if the model really is that deep, pass --max-depth N (up to \(InputLimits.deepestAllowed))"
                    : "nbship reads trees about \(InputLimits.deepestAllowed - 4) levels deep at most; retrain with a depth limit (max_depth)"
            ])
    }

    /// NONET: no network. BIG_LINES: correct line numbers past 65535. Deliberately absent: NOENT, DTDLOAD,
    /// DTDATTR, DTDVALID, XINCLUDE, HUGE, RECOVER. Blank text is kept (no NOBLANKS): text is trimmed where read.
    private static let parseOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    private static func syntaxDiagnostic(_ errors: [ParseSink.Captured], file: String) -> Diagnostic {
        guard let first = errors.first else {
            return .error(
                PMMLDiagnosticID.xmlSyntax, "The file is not well-formed XML.", at: SourceLocation(file: file))
        }
        var notes: [Diagnostic.Note] = []
        for error in errors.dropFirst() where error.message != first.message || error.line != first.line {
            let note = Diagnostic.Note(error.message, at: error.location(file: file))
            if !notes.contains(note) && notes.count < maximumErrors - 1 { notes.append(note) }
        }
        let help =
            first.message.localizedCaseInsensitiveContains("entit")
            ? "nbship never expands DTD entities; write the values into the document itself"
            : "check that the file is the complete PMML document as the exporting tool wrote it"
        return .error(
            PMMLDiagnosticID.xmlSyntax, "The file is not well-formed XML: \(first.message)",
            at: first.location(file: file), notes: notes, help: [help])
    }
}

/// libxml2 is initialised once per process before the first parse, as its documentation requires for threads.
private let libxml2Initialised: Void = xmlInitParser()

/// What one parse receives from libxml2, reached through the parser context's `_private` pointer: its structured
/// errors, and its elements, text and entity references as SAX2 events, built into `XMLTreeElement`s.
private final class ParseSink {
    /// One libxml2 error, copied out of libxml2's memory.
    struct Captured {
        var message: String
        var line: Int
        var column: Int
        var isError: Bool

        init(_ error: xmlError) {
            let text = error.message.map { String(cString: $0) } ?? "unknown error"
            message = text.trimmingCharacters(in: .whitespacesAndNewlines)
            line = Int(error.line)
            column = Int(error.int2)
            isError = error.level.rawValue >= XML_ERR_ERROR.rawValue
        }

        func location(file: String) -> SourceLocation {
            SourceLocation(file: file, line: line > 0 ? line : nil, column: line > 0 && column > 0 ? column : nil)
        }
    }

    var errors: [Captured] = []

    /// The main parser context: events from other contexts (libxml2 parsing an entity's replacement text to
    /// check it) are not part of the document.
    let context: xmlParserCtxtPtr
    let file: String
    /// The deepest nesting accepted; the line of the first element deeper is kept in `tooDeepLine`.
    let depthLimit: Int
    var tooDeepLine: Int?
    /// An element started and not yet ended: what its end tag turns into an `XMLTreeElement`.
    struct OpenElement {
        var name: String
        var prefix: String?
        var namespaceURI: String?
        var attributes: [XMLTreeElement.Attribute]
        var children: [XMLTreeElement] = []
        var text = ""
        var line: Int

        var element: XMLTreeElement {
            XMLTreeElement(
                name: name, prefix: prefix, namespaceURI: namespaceURI, attributes: attributes, children: children,
                text: text, line: line)
        }
    }

    /// The elements started and not yet ended, outermost first.
    var open: [OpenElement] = []
    var root: XMLTreeElement?
    /// Entity references found (reported, never expanded).
    var problems: [Diagnostic] = []

    init(context: xmlParserCtxtPtr, file: String, depthLimit: Int) {
        self.context = context
        self.file = file
        self.depthLimit = depthLimit
    }

    var line: Int { Int(xmlSAX2GetLineNumber(context)) }

    func entityProblem(_ name: String, line: Int) {
        problems.append(
            .error(
                PMMLDiagnosticID.xmlEntity,
                "The entity reference '&\(name);' is not allowed; nbship never expands entities.",
                at: SourceLocation(file: file, line: line > 0 ? line : nil),
                help: ["write the value itself instead of a DTD entity"]))
    }

    /// An attribute value as libxml2 hands it over without entity substitution: `&#38;` stands for `&`, and
    /// `&name;` is an entity reference, reported and left out.
    func attributeValue(_ start: UnsafePointer<xmlChar>, _ end: UnsafePointer<xmlChar>, line: Int) -> String {
        let bytes = UnsafeBufferPointer(start: start, count: end - start)
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let semicolon = bytes[index...].firstIndex(of: UInt8(ascii: ";")) else {
                decoded.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            if name == "#38" {
                decoded.append(UInt8(ascii: "&"))
            } else {
                entityProblem(name, line: line)
            }
            index = semicolon + 1
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

/// The sink of a parse. Document events count only from its main context; errors from any context (libxml2 copies
/// `_private` into the context it parses an entity's text in, and those errors are the document's too).
private func sink(_ userData: UnsafeMutableRawPointer?, mainContextOnly: Bool = true) -> ParseSink? {
    guard let userData else { return nil }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let pointer = context.pointee._private else { return nil }
    let sink = Unmanaged<ParseSink>.fromOpaque(pointer).takeUnretainedValue()
    return !mainContextOnly || sink.context == context ? sink : nil
}

private func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// SAX2 start tag: `attributes` holds five pointers per attribute (local name, prefix, URI, value, value end).
private func startElement(
    _ userData: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?, _ namespaceCount: Int32,
    _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ attributeCount: Int32, _ defaulted: Int32,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    guard let sink = sink(userData) else { return }
    let line = sink.line
    if sink.open.count + 1 > sink.depthLimit, sink.tooDeepLine == nil { sink.tooDeepLine = line }
    var list: [XMLTreeElement.Attribute] = []
    if let attributes, attributeCount > 0 {
        list.reserveCapacity(Int(attributeCount))
        for index in 0..<Int(attributeCount) {
            let base = attributes + 5 * index
            let local = string(base[0]) ?? ""
            let name = string(base[1]).map { "\($0):\(local)" } ?? local
            guard let start = base[3], let end = base[4] else {
                list.append(XMLTreeElement.Attribute(name: name, value: ""))
                continue
            }
            list.append(XMLTreeElement.Attribute(name: name, value: sink.attributeValue(start, end, line: line)))
        }
    }
    sink.open.append(
        ParseSink.OpenElement(
            name: string(localName) ?? "", prefix: string(prefix), namespaceURI: string(uri), attributes: list,
            line: line))
}

private func endElement(
    _ userData: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?
) {
    guard let sink = sink(userData), let element = sink.open.popLast()?.element else { return }
    if sink.open.isEmpty {
        sink.root = element
    } else {
        sink.open[sink.open.count - 1].children.append(element)
    }
}

/// Text, blank text and CDATA of the innermost open element.
private func characters(_ userData: UnsafeMutableRawPointer?, _ text: UnsafePointer<xmlChar>?, _ length: Int32) {
    guard let sink = sink(userData), let text, !sink.open.isEmpty else { return }
    sink.open[sink.open.count - 1].text += String(
        decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self)
}

/// A reference to a declared entity in text (libxml2 does not substitute it): reported, left out.
private func reference(_ userData: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?) {
    guard let sink = sink(userData) else { return }
    sink.entityProblem(string(name) ?? "?", line: sink.line)
}

/// libxml2's structured error callback. `userData` is the parser context (libxml2 passes `ctxt->userData`,
/// which is the context itself for documents built by the default SAX2 handler).
private func collectStructuredError(_ userData: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let error, let sink = sink(userData, mainContextOnly: false) else { return }
    if sink.errors.count < 100 { sink.errors.append(ParseSink.Captured(error.pointee)) }
}
