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

        let sink = ParseErrorSink()
        let document: xmlDocPtr? = withExtendedLifetime(sink) {
            context.pointee._private = Unmanaged.passUnretained(sink).toOpaque()
            context.pointee.sax?.pointee.serror = collectStructuredError
            defer {
                context.pointee.sax?.pointee.serror = nil
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
            errors.append(ParseErrorSink.Captured(last.pointee))
        }
        if let deep = errors.first(where: { $0.message.contains("Excessive depth") }) {
            throw DiagnosticError(tooDeep(file: file, line: deep.line, limit: min(maxDepth, 256)))
        }
        if !errors.isEmpty || document == nil {
            throw DiagnosticError(syntaxDiagnostic(errors, file: file))
        }
        guard let document, let root = xmlDocGetRootElement(document) else {
            throw DiagnosticError(
                .error(PMMLDiagnosticID.xmlSyntax, "The document has no root element.", at: SourceLocation(file: file)))
        }
        var problems: [Diagnostic] = []
        if let line = deepestLine(root, limit: min(maxDepth, InputLimits.deepestAllowed)) {
            throw DiagnosticError(tooDeep(file: file, line: line, limit: min(maxDepth, InputLimits.deepestAllowed)))
        }
        let element = convert(root, file: file, problems: &problems)
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return element
    }

    /// The line of the first element nested deeper than `limit`, found without recursion.
    static func deepestLine(_ root: xmlNodePtr, limit: Int) -> Int? {
        var stack: [(xmlNodePtr, Int)] = [(root, 1)]
        while let (node, depth) = stack.popLast() {
            if depth > limit { return Int(xmlGetLineNo(node)) }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append((current, depth + 1)) }
                child = current.pointee.next
            }
        }
        return nil
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

    private static func syntaxDiagnostic(_ errors: [ParseErrorSink.Captured], file: String) -> Diagnostic {
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

/// Receives libxml2's structured errors for one parse; reached through the parser context's `_private` pointer.
private final class ParseErrorSink {
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
}

/// libxml2's structured error callback. `userData` is the parser context (libxml2 passes `ctxt->userData`,
/// which is the context itself for documents built by the default SAX2 handler).
private func collectStructuredError(_ userData: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let userData, let error else { return }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let sinkPointer = context.pointee._private else { return }
    let sink = Unmanaged<ParseErrorSink>.fromOpaque(sinkPointer).takeUnretainedValue()
    if sink.errors.count < 100 { sink.errors.append(ParseErrorSink.Captured(error.pointee)) }
}
