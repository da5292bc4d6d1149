// The pure text part of a surgical edit: find a scalar's bytes from its yaml-cpp mark, write the
// new value in the same style, and prove by parsing again that nothing else in the file changed.
#include "services/config/ScalarRewriter.h"
#include "services/config/YamlEditor.h"
#include "services/config/YamlLoad.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <functional>

namespace qd {

namespace yamltext {

namespace {

const QString kStrTag = QStringLiteral("tag:yaml.org,2002:str");

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

// A scalar value found by its mark, with what the rewrite needs to know about its surroundings.
struct Found
{
    YAML::Node node;
    int hits = 0;
    bool inFlow = false;
};

using Visitor = std::function<void(const YAML::Node &, bool inFlow)>;

// Visits every value (not keys) of a document, with whether it sits inside a flow collection.
void visitValues(const YAML::Node &node, bool inFlow, const Visitor &visit)
{
    visit(node, inFlow);
    const bool flow = inFlow || node.Style() == YAML::EmitterStyle::Flow;
    if (node.IsMap()) {
        for (const auto &entry : node)
            visitValues(entry.second, flow, visit);
    } else if (node.IsSequence()) {
        for (const auto &item : node)
            visitValues(item, flow, visit);
    }
}

Result<std::vector<YAML::Node>> load(const QByteArray &text)
{
    try {
        return yaml::loadAll(std::string(text.constData(), size_t(text.size())));
    } catch (const YAML::Exception &error) {
        return Error{QStringLiteral("%1:%2: YAML syntax error: %3")
                             .arg(error.mark.line + 1)
                             .arg(error.mark.column + 1)
                             .arg(q(error.msg))};
    }
}

Found find(const std::vector<YAML::Node> &documents, int line, int column)
{
    Found found;
    for (const auto &document : documents) {
        visitValues(document, false, [&](const YAML::Node &node, bool inFlow) {
            const YAML::Mark mark = node.Mark();
            if (mark.line + 1 == line && mark.column + 1 == column) {
                // An alias is the anchored node itself: a second hit means two places share it.
                if (found.hits == 0 || !found.node.is(node))
                    found.node.reset(node); // rebinds: operator= would write into the tree
                ++found.hits;
                found.inFlow = inFlow;
            }
        });
    }
    return found;
}

// Structural equality (keys, values, tags), skipping the node that starts at skipPos.
bool sameExcept(const YAML::Node &a, const YAML::Node &b, int skipPos)
{
    if (a.Mark().pos == skipPos && (a.IsScalar() || a.IsNull()))
        return true;
    if (a.Type() != b.Type() || a.Tag() != b.Tag())
        return false;
    if (a.IsScalar())
        return a.Scalar() == b.Scalar();
    if (a.IsMap() || a.IsSequence()) {
        if (a.size() != b.size())
            return false;
        auto itA = a.begin();
        auto itB = b.begin();
        for (; itA != a.end(); ++itA, ++itB) {
            if (a.IsMap()) {
                if (!sameExcept(itA->first, itB->first, -1)
                    || !sameExcept(itA->second, itB->second, skipPos))
                    return false;
            } else if (!sameExcept(*itA, *itB, skipPos)) {
                return false;
            }
        }
    }
    return true;
}

struct Token
{
    qsizetype begin = 0;
    qsizetype end = 0;
    char style = 0; // 0 plain, '\'' or '"'
};

Result<Token> tokenAt(const QByteArray &text, qsizetype pos, bool inFlow, const YAML::Node &node)
{
    const qsizetype n = text.size();
    qsizetype s = pos;
    // Properties before the value: "&anchor", "!tag", in either order, are kept.
    while (s < n && (text[s] == '&' || text[s] == '!')) {
        while (s < n && !isSpace(text[s]))
            ++s;
        while (s < n && isSpace(text[s]))
            ++s;
    }
    if (s >= n)
        return Error{QStringLiteral("no value after the anchor or tag")};
    const char first = text[s];
    if (first == '*')
        return Error{QStringLiteral("the value is an alias (*name): edit the anchored value instead")};
    if (first == '|' || first == '>')
        return Error{QStringLiteral("the value is a block scalar (| or >): edit the file as text")};
    if (first == '#')
        return Error{QStringLiteral("a comment separates the anchor or tag from the value")};
    Token token{s, s, 0};
    if (first == '\'' || first == '"') {
        token.style = first;
        qsizetype i = s + 1;
        while (i < n) {
            if (first == '"' && text[i] == '\\') {
                i += 2;
            } else if (text[i] == first) {
                if (first == '\'' && i + 1 < n && text[i + 1] == '\'') {
                    i += 2;
                } else {
                    token.end = i + 1;
                    return token;
                }
            } else {
                ++i;
            }
        }
        return Error{QStringLiteral("unterminated quoted scalar")};
    }
    qsizetype i = s;
    while (i < n) {
        const char c = text[i];
        if (c == '\n' || c == '\r')
            break;
        if (c == '#' && i > s && isBlank(text[i - 1]))
            break;
        if (inFlow && (c == ',' || c == ']' || c == '}'))
            break;
        if (c == ':' && (i + 1 >= n || isSpace(text[i + 1]) || (inFlow && text[i + 1] == ',')))
            break;
        ++i;
    }
    while (i > s && isBlank(text[i - 1]))
        --i;
    token.end = i;
    if (node.IsScalar() && text.mid(s, i - s).toStdString() != node.Scalar())
        return Error{QStringLiteral("the value is a plain scalar spanning several lines: quote it "
                                    "or edit the file as text")};
    return token;
}

} // namespace

bool resolvesAsNonString(const QString &plain)
{
    static const QRegularExpression pattern(QStringLiteral(
            "^(?:~|null|Null|NULL"
            "|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
            "|[-+]?(?:0|[1-9][0-9_]*)"
            "|[-+]?0[0-7_]+|0o[0-7]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+"
            "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
            "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
            "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
            "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
            "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$"));
    if (plain.isEmpty())
        return true;
    // "." and "-." match the float pattern without a digit: they are strings.
    if (!plain.contains(QRegularExpression(QStringLiteral("[0-9]")))
        && !plain.contains(QRegularExpression(QStringLiteral("[A-Za-z~]"))))
        return false;
    return pattern.match(plain).hasMatch();
}

bool needsQuotes(const QString &value, Context context)
{
    if (value.isEmpty())
        return true;
    const QChar first = value.front();
    const QChar last = value.back();
    if (first.isSpace() || last.isSpace() || last == QLatin1Char(':'))
        return true;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == QChar(0xfeff))
            return true;
        if (context == Context::Flow && QStringLiteral(",[]{}").contains(c))
            return true;
    }
    if (value.contains(QLatin1String(": ")) || value.contains(QLatin1String(" #"))
        || value.startsWith(QLatin1String("---")) || value.startsWith(QLatin1String("...")))
        return true;
    if (QStringLiteral("-?:").contains(first))
        return value.size() == 1 || value.at(1).isSpace()
               || (context == Context::Flow && QStringLiteral(",[]{}").contains(value.at(1)));
    return QStringLiteral(",[]{}#&*!|>'\"%@`").contains(first);
}

QByteArray singleQuoted(const QString &value)
{
    QString body = value;
    body.replace(QLatin1Char('\''), QLatin1String("''"));
    return '\'' + body.toUtf8() + '\'';
}

QByteArray doubleQuoted(const QString &value)
{
    QByteArray out = "\"";
    for (const char c : value.toUtf8()) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                out += "\\x" + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '"';
}

QByteArray scalarToken(const QString &value, Typing typing, Context context)
{
    if (needsQuotes(value, context) || (typing == Typing::KeepString && resolvesAsNonString(value)))
        return doubleQuoted(value);
    return value.toUtf8();
}

QByteArray lineEndingOf(const QByteArray &text)
{
    const qsizetype newline = text.indexOf('\n');
    return newline > 0 && text.at(newline - 1) == '\r' ? QByteArrayLiteral("\r\n")
                                                       : QByteArrayLiteral("\n");
}

namespace {

// Everything replaceScalarAt needs about the scalar at a position.
struct Located
{
    std::vector<YAML::Node> documents;
    YAML::Node node;
    Token token;
    bool inFlow = false;
};

// "~" or "null" written out, as opposed to a key with nothing after it.
bool writtenNull(const QByteArray &text, qsizetype pos)
{
    for (const char *word : {"~", "null", "Null", "NULL"}) {
        const QByteArray w(word);
        if (text.mid(pos, w.size()) == w
            && (pos + w.size() >= text.size() || isSpace(text[pos + w.size()])
                || std::string_view(",]}#").find(text[pos + w.size()]) != std::string_view::npos))
            return true;
    }
    return false;
}

Result<Located> locate(const QByteArray &text, int line, int column)
{
    auto documents = load(text);
    if (!documents)
        return documents.error();
    const Found found = find(*documents, line, column);
    const QString where = QStringLiteral("%1:%2").arg(line).arg(column);
    if (found.hits == 0)
        return Error{QStringLiteral("%1: no value starts here").arg(where)};
    if (found.hits > 1)
        return Error{QStringLiteral("%1: the value is anchored and used again through an alias: "
                                    "changing it would change every place that uses it")
                             .arg(where)};
    const int pos = found.node.Mark().pos;
    if (pos < 0 || pos >= text.size())
        return Error{QStringLiteral("%1: the parser reported no position").arg(where)};
    if (found.node.IsNull() && !writtenNull(text, pos))
        return Error{QStringLiteral("%1: the key has no value to replace").arg(where)};
    if (found.node.IsMap() || found.node.IsSequence())
        return Error{QStringLiteral("%1: the value is a %2, not a scalar")
                             .arg(where, found.node.IsMap() ? QStringLiteral("mapping")
                                                            : QStringLiteral("list"))};
    auto token = tokenAt(text, pos, found.inFlow, found.node);
    if (!token)
        return Error{QStringLiteral("%1: %2").arg(where, token.error().message)};
    return Located{std::move(*documents), found.node, *token, found.inFlow};
}

bool isString(const YAML::Node &node)
{
    if (!node.IsScalar())
        return false;
    return node.Tag() != "?" || !resolvesAsNonString(q(node.Scalar()));
}

} // namespace

Result<ScalarAt> scalarAt(const QByteArray &text, int line, int column)
{
    auto located = locate(text, line, column);
    if (!located)
        return located.error();
    return ScalarAt{q(located->node.Scalar()), isString(located->node)};
}

} // namespace yamltext

Result<QByteArray> replaceScalarAt(const QByteArray &text, int line, int column, const QString &value)
{
    using namespace yamltext;
    auto located = locate(text, line, column);
    if (!located)
        return located.error();
    const Token token = located->token;
    const Context context = located->inFlow ? Context::Flow : Context::Block;
    const QString tag = q(located->node.Tag());
    QByteArray replacement;
    if (token.style == '"') {
        replacement = doubleQuoted(value);
    } else if (token.style == '\'') {
        const bool printable = std::none_of(value.begin(), value.end(), [](QChar c) {
            return c.unicode() < 0x20 || c.unicode() == 0x7f;
        });
        replacement = printable ? singleQuoted(value) : doubleQuoted(value);
    } else {
        // An explicit tag decides the type by itself; a plain string must stay a string.
        const bool tagged = tag != QLatin1String("?");
        const Typing typing = !tagged && isString(located->node) ? Typing::KeepString : Typing::Free;
        replacement = scalarToken(value, typing, context);
    }
    QByteArray edited = text;
    edited.replace(token.begin, token.end - token.begin, replacement);

    // Parse again: the value must read back as written, and nothing else may have moved.
    auto after = load(edited);
    if (!after)
        return Error{QStringLiteral("%1:%2: the edit would not parse: %3")
                             .arg(line)
                             .arg(column)
                             .arg(after.error().message)};
    const Found check = find(*after, line, column);
    const bool readsBack = check.hits == 1 && check.node.IsScalar()
                           && q(check.node.Scalar()) == value;
    bool restSame = after->size() == located->documents.size();
    for (size_t i = 0; restSame && i < after->size(); ++i)
        restSame = sameExcept(located->documents[i], (*after)[i], located->node.Mark().pos);
    if (!readsBack || !restSame)
        return Error{QStringLiteral("%1:%2: writing '%3' here would %4")
                             .arg(line)
                             .arg(column)
                             .arg(value,
                                  readsBack ? QStringLiteral("change other values of the file")
                                            : QStringLiteral("not read back as the same value"))};
    return edited;
}

} // namespace qd
