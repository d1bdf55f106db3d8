/// HTML mail bodies to plain text: tags, scripts, styles and comments dropped, entities
/// decoded, block elements turned into line breaks, `<blockquote>` lines prefixed with `> `
/// so the reply splitter treats them as quoted. One linear pass; not a full HTML parser,
/// because mail HTML needs only its text and line structure.
public enum HTMLText {
    public static func text(fromHTML html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var quoteDepth = 0
        var lineQuoteDepth = 0
        var pendingSpace = false
        var index = 0

        func breakLine() {
            let text = String(line).trimmingTrailingSpaces()
            lines.append(String(repeating: "> ", count: lineQuoteDepth) + text)
            line = String.UnicodeScalarView()
            lineQuoteDepth = quoteDepth
            pendingSpace = false
        }
        func emit(_ scalar: Unicode.Scalar) {
            if line.isEmpty { lineQuoteDepth = quoteDepth }
            if pendingSpace, !line.isEmpty { line.append(" ") }
            pendingSpace = false
            line.append(scalar)
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if matches(scalars, at: index, "<!--") {
                    index = find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                    continue
                }
                guard let close = find(scalars, ">", from: index + 1) else { break }
                let tag = Tag(String(String.UnicodeScalarView(scalars[(index + 1)..<close])))
                index = close + 1
                if !tag.closing, ["script", "style", "head", "title"].contains(tag.name) {
                    index = find(scalars, "</" + tag.name, from: index, caseInsensitive: true)
                        .flatMap { find(scalars, ">", from: $0) }.map { $0 + 1 } ?? scalars.count
                    continue
                }
                if tag.name == "blockquote" {
                    if !line.isEmpty { breakLine() }
                    quoteDepth = tag.closing ? max(0, quoteDepth - 1) : quoteDepth + 1
                    lineQuoteDepth = quoteDepth
                } else if tag.name == "br" {
                    breakLine()
                } else if tag.name == "li", !tag.closing {
                    if !line.isEmpty { breakLine() }
                    emit("-"); emit(" ")
                } else if blockElements.contains(tag.name) {
                    if !line.isEmpty { breakLine() }
                } else if tag.name == "td" || tag.name == "th" {
                    pendingSpace = true
                }
                continue
            }
            if scalar == "&" {
                let (decoded, next) = Entities.decode(scalars, at: index)
                for piece in decoded.unicodeScalars { piece == "\u{A0}" ? emit(" ") : emit(piece) }
                index = next
                continue
            }
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                pendingSpace = true
            } else {
                emit(scalar)
            }
            index += 1
        }
        if !line.isEmpty { breakLine() }
        return collapseBlankLines(lines)
    }

    private static let blockElements: Set<String> = [
        "p", "div", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "pre", "section", "article", "header", "footer", "address", "center", "body", "html",
    ]

    private struct Tag {
        var name: String
        var closing: Bool
        init(_ inner: String) {
            var body = Substring(inner)
            closing = body.hasPrefix("/")
            if closing { body = body.dropFirst() }
            name = String(body.prefix { $0.isLetter || $0.isNumber }).lowercased()
        }
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ literal: String, caseInsensitive: Bool = false) -> Bool {
        var position = index
        for expected in literal.unicodeScalars {
            guard position < scalars.count else { return false }
            let actual = scalars[position]
            if caseInsensitive {
                guard String(actual).lowercased() == String(expected) else { return false }
            } else if actual != expected {
                return false
            }
            position += 1
        }
        return true
    }

    private static func find(_ scalars: [Unicode.Scalar], _ literal: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard let first = literal.unicodeScalars.first else { return nil }
        var index = start
        while index < scalars.count {
            if scalars[index] == first || (caseInsensitive && String(scalars[index]).lowercased() == String(first)),
               matches(scalars, at: index, literal, caseInsensitive: caseInsensitive) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func collapseBlankLines(_ lines: [String]) -> String {
        var output: [String] = []
        for line in lines {
            let blank = line.allSatisfy { $0 == " " || $0 == ">" }
            if blank, output.last.map({ $0.allSatisfy { $0 == " " || $0 == ">" } }) ?? true { continue }
            output.append(line)
        }
        while let last = output.last, last.allSatisfy({ $0 == " " || $0 == ">" }) { output.removeLast() }
        return output.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
