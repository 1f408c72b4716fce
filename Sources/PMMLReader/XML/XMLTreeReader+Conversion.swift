import CLibXML2
import NBCore

extension XMLTreeReader {
    /// Copies a libxml2 element and its descendants into Swift values.
    ///
    /// Text is read only from text and CDATA nodes, never through `xmlNodeGetContent`, which would expand entity
    /// references. An entity reference node is reported, since dropping it could silently change a number.
    static func convert(_ node: xmlNodePtr, file: String, problems: inout [Diagnostic]) -> XMLTreeElement {
        let line = Int(xmlGetLineNo(node))
        var children: [XMLTreeElement] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(convert(current, file: file, problems: &problems))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_ENTITY_REF_NODE:
                problems.append(entityProblem(current, line: Int(xmlGetLineNo(current)), file: file))
            default:
                break
            }
            child = current.pointee.next
        }
        return XMLTreeElement(
            name: string(node.pointee.name) ?? "", prefix: string(node.pointee.ns?.pointee.prefix),
            namespaceURI: string(node.pointee.ns?.pointee.href),
            attributes: attributes(of: node, line: line, file: file, problems: &problems),
            children: children, text: text, line: line)
    }

    private static func attributes(
        of node: xmlNodePtr, line: Int, file: String, problems: inout [Diagnostic]
    ) -> [XMLTreeElement.Attribute] {
        var result: [XMLTreeElement.Attribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let local = string(current.pointee.name) ?? ""
            let name = string(current.pointee.ns?.pointee.prefix).map { "\($0):\(local)" } ?? local
            var value = ""
            var part = current.pointee.children
            while let piece = part {
                if piece.pointee.type == XML_ENTITY_REF_NODE {
                    problems.append(entityProblem(piece, line: line, file: file))
                } else if let content = piece.pointee.content {
                    value += String(cString: content)
                }
                part = piece.pointee.next
            }
            result.append(XMLTreeElement.Attribute(name: name, value: value))
            attribute = current.pointee.next
        }
        return result
    }

    private static func entityProblem(_ node: xmlNodePtr, line: Int, file: String) -> Diagnostic {
        let name = string(node.pointee.name) ?? "?"
        return .error(
            PMMLDiagnosticID.xmlEntity,
            "The entity reference '&\(name);' is not allowed; nbship never expands entities.",
            at: SourceLocation(file: file, line: line > 0 ? line : nil),
            help: ["write the value itself instead of a DTD entity"])
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
