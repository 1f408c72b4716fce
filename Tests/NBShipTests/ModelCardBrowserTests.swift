import Foundation
import NBCore
import PackageGenerator
import Testing

/// `model-card.html` opened in a real browser: headless Chromium parses the page, and the tests read what it
/// built (the DOM after parsing) and check that it renders a screenshot. Chromium is required: without it these
/// tests fail, they never skip (`apt-get install -y chromium`; `.ci/run` installs it).
@Suite("The HTML model card in headless Chromium", .serialized)
struct ModelCardBrowserTests {
    /// What Chromium made of a page.
    struct BrowserPage {
        /// The DOM after parsing, serialized (`--dump-dom`).
        let dom: String
        let screenshot: Data
    }

    /// The Chromium binary: `chromium` (or `chromium-browser`) on PATH, else /usr/bin/chromium.
    static func chromium() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for name in ["chromium", "chromium-browser"] {
            for directory in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        let fallback = URL(fileURLWithPath: "/usr/bin/chromium")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }

    /// Opens the page in headless Chromium twice: once for the DOM, once for a 1200x2000 screenshot. The
    /// browser gets a fresh profile and no network, so the page can only show what it holds.
    static func open(_ html: String, label: String) throws -> BrowserPage {
        let browser = try #require(
            chromium(),
            "Chromium is not installed, and the model card must be checked in a real browser: install it with `apt-get install -y chromium` (Debian; .ci/run does this)"
        )
        let work = try TestPaths.temporaryDirectory("model-card-\(label)")
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("model-card.html")
        try Data(html.utf8).write(to: page)
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(work.appendingPathComponent("profile").path)",
        ]
        let dump = try Run.program(browser, common + ["--dump-dom", page.absoluteString])
        #expect(dump.status == 0, "chromium --dump-dom failed:\n\(dump.stderr)")
        let shot = work.appendingPathComponent("screenshot.png")
        let capture = try Run.program(
            browser, common + ["--screenshot=\(shot.path)", "--window-size=1200,2000", page.absoluteString])
        #expect(capture.status == 0, "chromium --screenshot failed:\n\(capture.stderr)")
        let screenshot = (try? Data(contentsOf: shot)) ?? Data()
        return BrowserPage(dom: dump.stdout, screenshot: screenshot)
    }

    /// Text as Chromium serializes it inside an element: `&`, `<`, `>` (and no-break spaces) escaped, quotes not.
    static func domText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\u{A0}", with: "&nbsp;")
    }

    /// The serialized `<section id="…">` of the DOM.
    static func section(_ id: String, of dom: String) -> String {
        guard let start = dom.range(of: "<section id=\"\(id)\">") else { return "" }
        let rest = dom[start.lowerBound...]
        guard let end = rest.range(of: "</section>") else { return String(rest) }
        return String(rest[..<end.upperBound])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The names of every element in the DOM: in serialized text, a `<` is always the start of a tag.
    static func elementNames(_ dom: String) -> Set<String> {
        let regex = try? NSRegularExpression(pattern: "<([A-Za-z][A-Za-z0-9-]*)")
        let range = NSRange(dom.startIndex..., in: dom)
        return Set(
            regex?.matches(in: dom, range: range).compactMap { Range($0.range(at: 1), in: dom).map { String(dom[$0]) } }
                ?? [])
    }

    /// The elements the template writes; anything else in the DOM came from the data.
    static let templateElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "p", "section", "pre",
        "code", "div", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong", "em", "figure",
        "figcaption", "svg", "text", "rect", "footer",
    ]

    /// The bars the chart must have, counted from the spec without the generator's code: the five largest
    /// coefficients of each equation, or every field the trees split on (at most ten).
    static func expectedBars(_ spec: ModelSpec) -> Int {
        func fields(_ body: ModelBody) -> Set<String> {
            func visit(_ node: TreeNode) -> Set<String> {
                node.children.reduce(into: Set(node.predicate.fieldReferences)) { $0.formUnion(visit($1)) }
            }
            switch body {
            case .tree(let tree): return visit(tree.root)
            case .ensemble(let ensemble):
                return ensemble.segments.reduce(into: []) { $0.formUnion(fields($1.model)) }
            case .linear, .network, .machine, .bayes, .function, .scorecard: return []
            }
        }
        if case .linear(let model) = spec.model { return model.equations.reduce(0) { $0 + min(5, $1.terms.count) } }
        if case .scorecard(let card) = spec.model { return card.characteristics.count }
        return min(10, fields(spec.model).count)
    }

    /// Reads a PNG's width and height from its header.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func integer(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (integer(16), integer(20))
    }

    static func sha256(of file: URL) throws -> String {
        let result = try Run.program(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path])
        return String(result.stdout.prefix(64))
    }

    @Test(
        "Chromium shows the card's title, inputs, driver chart and provenance",
        arguments: ["diabetes-linear", "breast-cancer-logistic", "diabetes-random-forest"])
    func cardInBrowser(_ sample: String) throws {
        let (spec, package) = try buildSample(sample)
        let file = try #require(package.file(at: "model-card.html"), "the package has no model-card.html")
        let html = String(decoding: file.contents, as: UTF8.self)
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(", "@font-face"] {
            #expect(!html.lowercased().contains(forbidden), "the page must be self-contained, but it has \(forbidden)")
        }
        let page = try Self.open(html, label: sample)
        let dom = page.dom

        #expect(dom.contains("<title>\(Self.domText(spec.title)) — model card</title>"), "the page title")
        #expect(dom.contains("<h1>\(Self.domText(spec.title))</h1>"), "the heading")
        #expect(Self.elementNames(dom).isSubset(of: Self.templateElements), "unexpected elements in the DOM")

        let inputs = Self.section("inputs", of: dom)
        #expect(Self.count("<tr>", in: inputs) == spec.inputs.count + 1, "one row per input, plus the header")
        for input in spec.inputs {
            #expect(inputs.contains("<td><code>\(Self.domText(input.name))</code></td>"), "input \(input.name)")
        }

        let drivers = Self.section("drivers", of: dom)
        #expect(Self.count("<svg", in: drivers) >= 1, "a chart of what drives the model")
        let bars = Self.expectedBars(spec)
        #expect(bars > 0)
        #expect(Self.count("<rect ", in: drivers) == bars, "one bar per driver")
        #expect(Self.count("<title>", in: drivers) == bars, "every bar has a tooltip")
        #expect(Self.count("<text class=\"value\"", in: drivers) == bars, "every bar shows its value")
        if case .linear(let model) = spec.model {
            let largest = try #require(
                model.equations[0].terms.max { abs($0.coefficient) < abs($1.coefficient) })
            let name = largest.factors.map(\.field).joined(separator: " * ")
            #expect(drivers.contains(">\(Self.domText(name))</text>"), "the largest coefficient's label")
            #expect(drivers.contains(String(format: ">%+.4g</text>", largest.coefficient)), "its value")
        } else {
            #expect(drivers.contains("split"), "the chart counts splits")
        }

        let provenance = Self.section("provenance", of: dom)
        let model = TestPaths.sample(sample).appendingPathComponent("model.pmml")
        let sha = try Self.sha256(of: model)
        #expect(sha.count == 64)
        #expect(provenance.contains("<code>\(sha)</code>"), "the model file's SHA-256 (\(sha))")
        #expect(provenance.contains("nbship \(PackageGenerator.toolVersion)"), "the nbship version")
        #expect(dom.contains("golden examples"), "the verification note")

        let size = try #require(Self.pngSize(page.screenshot), "the screenshot is not a PNG")
        #expect(size.width == 1200 && size.height == 2000)
        #expect(page.screenshot.count > 30_000, "the screenshot is \(page.screenshot.count) bytes: is the page blank?")
    }

    /// Field names, the title and free text that try to become markup stay text in the browser.
    @Test("Hostile names, title and descriptions stay text in the browser")
    func hostileNames() throws {
        var spec = try buildSample("diabetes-random-forest").spec
        let renames = [
            "age": "<b>age</b> & \"quoted\" 'single' </table><script>alert(1)</script>",
            "s5": "a|b `c` *d* <img src=x onerror=alert(1)>",
        ]
        for i in spec.inputs.indices { spec.inputs[i].name = renames[spec.inputs[i].name] ?? spec.inputs[i].name }
        spec.model = spec.model.renamingFields(renames)
        for i in spec.examples.indices {
            spec.examples[i].inputs = Dictionary(
                uniqueKeysWithValues: spec.examples[i].inputs.map { (renames[$0.key] ?? $0.key, $0.value) })
        }
        spec.title = "<i>Forest</i> & </title><script>alert(2)</script>"
        spec.summary = "Plain <script>alert(3)</script> text with **bold**, *emphasis* and `<code>`.\n\n- a <b>list</b>"
        let parameter = try #require(spec.parameters.firstIndex { $0.editable })
        spec.parameters[parameter].description = "<style>body{display:none}</style> & more"
        let files = try PackageGenerator().generate(spec, version: "1.0.0")
        let file = try #require(files.first { $0.path == "model-card.html" })
        let page = try Self.open(file.contents, label: "hostile")
        let dom = page.dom

        let elements = Self.elementNames(dom)
        #expect(elements.isSubset(of: Self.templateElements), "markup from the data: \(elements)")
        #expect(!elements.contains("script") && !elements.contains("b") && !elements.contains("i"))
        #expect(Self.count("<style>", in: dom) == 1, "only the page's own style sheet")
        #expect(Self.count("<title>", in: Self.section("drivers", of: dom)) == Self.expectedBars(spec))
        #expect(dom.contains("<h1>\(Self.domText(spec.title))</h1>"))
        let inputs = Self.section("inputs", of: dom)
        for name in renames.values {
            #expect(inputs.contains("<td><code>\(Self.domText(name))</code></td>"), "input \(name)")
            #expect(Self.section("drivers", of: dom).contains(">\(Self.domText(name))</text>"), "chart label \(name)")
        }
        let summary = Self.section("summary", of: dom)
        #expect(summary.contains("Plain &lt;script&gt;alert(3)&lt;/script&gt; text with <strong>bold</strong>"))
        #expect(summary.contains("<em>emphasis</em> and <code>&lt;code&gt;</code>."))
        #expect(summary.contains("<li>a &lt;b&gt;list&lt;/b&gt;</li>"))
        #expect(dom.contains("&lt;style&gt;body{display:none}&lt;/style&gt; &amp; more"))
        #expect(page.screenshot.count > 30_000)
    }
}

@Suite("HTML escaping for the model card")
struct HTMLTextTests {
    @Test("escape replaces the five HTML-significant characters and drops control characters")
    func escape() {
        #expect(
            HTMLText.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTMLText.escape("a\u{0}b\u{7}c\u{85}d\u{FFFE}e\tf\ng") == "a b c d e\tf\ng")
        #expect(HTMLText.escape("naïve — ✓") == "naïve — ✓")
        #expect(HTMLText.escape("&amp;") == "&amp;amp;", "already-escaped text is escaped again: it is text")
    }

    @Test("Markdown table cells: pipes unescaped, code cells keep their backticks")
    func cells() {
        #expect(HTMLText.cell(#"a \| b <c>"#) == "a | b &lt;c&gt;")
        #expect(HTMLText.codeCell("`x`y<z>`") == "<code>x`y&lt;z&gt;</code>")
        #expect(HTMLText.code("a & b") == "<code>a &amp; b</code>")
    }

    @Test("Inline Markdown: code spans, strong, emphasis, escapes; everything else is text")
    func inline() {
        #expect(
            HTMLText.inline("predicted `y<1>` **not for <b>clinical</b> use** and *a & b*")
                == "predicted <code>y&lt;1&gt;</code> <strong>not for &lt;b&gt;clinical&lt;/b&gt; use</strong> and <em>a &amp; b</em>"
        )
        #expect(HTMLText.inline("2 * 3 * 4 and a ** b") == "2 * 3 * 4 and a ** b")
        #expect(HTMLText.inline(#"\*not em\* and \`tick"#) == "*not em* and `tick")
        #expect(HTMLText.inline("unclosed `code and *em") == "unclosed `code and *em")
        #expect(HTMLText.inline("``a ` b``") == "<code>a ` b</code>")
        #expect(
            HTMLText.inline("[link](javascript:alert(1)) <img src=x>")
                == "[link](javascript:alert(1)) &lt;img src=x&gt;")
    }
}
