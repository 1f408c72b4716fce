/// An XML element as an immutable value: what the PMML extractor reads instead of libxml2's mutable tree.
///
/// Named `XMLTreeElement` rather than `XMLElement` so it never clashes with Foundation's `XMLElement` on macOS.
/// Only elements and their direct text are kept: comments and processing instructions carry no meaning in PMML.
///
/// A final class, not a struct: the extractor walks and passes elements around constantly, and a reference is one
/// retain where a struct of six fields is six (measured on a 300-tree forest: copies of the struct were an eighth
/// of the conversion). Immutable once parsed; equality is by content.
final class XMLTreeElement: Sendable, Hashable {
    /// One attribute as written, in document order.
    struct Attribute: Sendable, Hashable {
        /// The attribute name, with its prefix when it has one (`xsi:schemaLocation`).
        var name: String
        var value: String
    }

    /// The namespace-free local name (`RegressionModel`).
    let name: String
    /// The prefix as written (`data` in `<data:Sepal.Length>`), if any.
    let prefix: String?
    /// The namespace URI the element is in, if any.
    let namespaceURI: String?
    let attributes: [Attribute]
    /// Child elements in document order.
    let children: [XMLTreeElement]
    /// The element's own text (text and CDATA children concatenated), untrimmed.
    let text: String
    /// 1-based line of the start tag.
    let line: Int

    init(
        name: String, prefix: String?, namespaceURI: String?, attributes: [Attribute], children: [XMLTreeElement],
        text: String, line: Int
    ) {
        self.name = name
        self.prefix = prefix
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    static func == (lhs: XMLTreeElement, rhs: XMLTreeElement) -> Bool {
        lhs === rhs
            || (lhs.name == rhs.name && lhs.prefix == rhs.prefix && lhs.namespaceURI == rhs.namespaceURI
                && lhs.attributes == rhs.attributes && lhs.line == rhs.line && lhs.text == rhs.text
                && lhs.children == rhs.children)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(prefix)
        hasher.combine(namespaceURI)
        hasher.combine(attributes)
        hasher.combine(children)
        hasher.combine(text)
        hasher.combine(line)
    }

    /// `prefix:name`, or just `name` without a prefix.
    var qualifiedName: String { prefix.map { "\($0):\(name)" } ?? name }

    /// The value of the attribute with the given (unprefixed) name.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The child elements with the given local name, in document order.
    func children(named name: String) -> [XMLTreeElement] {
        children.filter { $0.name == name }
    }

    /// The first child element with the given local name.
    func child(named name: String) -> XMLTreeElement? {
        children.first { $0.name == name }
    }
}
