// Prometheus's query responses, parsed by hand: a 30-day range of a few hundred clusters is
// hundreds of megabytes of JSON, and a DOM (QJsonDocument) of it costs several times its size
// and most of the fetch time. The parser reads the one shape the API returns and skips the rest.
#include "services/telemetry/PrometheusClient.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cstring>
#include <cmath>

namespace qd {

namespace {

class Parser
{
public:
    explicit Parser(const QByteArray &body) : m_p(body.constData()), m_begin(m_p),
        m_end(m_p + body.size()) {}

    Result<QList<PromSeries>> parse();

private:
    void ws()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool eat(char c)
    {
        ws();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool expect(char c)
    {
        if (eat(c))
            return true;
        fail(QStringLiteral("expected '%1'").arg(QLatin1Char(c)));
        return false;
    }
    void fail(const QString &what)
    {
        if (m_error.isEmpty()) {
            const QString found = m_p < m_end ? QStringLiteral("'%1'").arg(QLatin1Char(*m_p))
                                              : QStringLiteral("the end");
            m_error = QStringLiteral("%1 at byte %2, found %3").arg(what).arg(m_p - m_begin)
                              .arg(found);
        }
        m_p = m_end;
    }
    bool failed() const { return !m_error.isEmpty(); }

    bool string(QString *out);
    bool rawString(const char **begin, const char **end); // no escapes handled; for numbers
    bool number(double *out);
    bool skipValue(int depth = 0);
    bool metric(PromSeries &series);
    bool sample(PromSeries &series);
    bool samples(PromSeries &series);
    bool resultEntry(PromSeries &series);
    bool data(QList<PromSeries> &series, QString &resultType);

    const char *m_p;
    const char *m_begin;
    const char *m_end;
    QString m_error;
};

bool Parser::rawString(const char **begin, const char **end)
{
    if (!expect('"'))
        return false;
    *begin = m_p;
    while (m_p < m_end && *m_p != '"') {
        if (*m_p == '\\')
            ++m_p;
        ++m_p;
    }
    if (m_p >= m_end) {
        fail(QStringLiteral("unterminated string"));
        return false;
    }
    *end = m_p++;
    return true;
}

bool Parser::string(QString *out)
{
    const char *b = nullptr;
    const char *e = nullptr;
    if (!rawString(&b, &e))
        return false;
    if (!out)
        return true;
    if (std::find(b, e, '\\') == e) {
        *out = QString::fromUtf8(b, e - b);
        return true;
    }
    // UTF-8 runs are decoded as they are; \u escapes are UTF-16 code units, so that a
    // surrogate pair ("\ud83d\ude00") makes one character, as JSON means it.
    QString s;
    const char *run = b;
    for (const char *c = b; c < e; ++c) {
        if (*c != '\\')
            continue;
        s += QString::fromUtf8(run, c - run);
        ++c;
        switch (*c) {
        case 'n': s += QLatin1Char('\n'); break;
        case 't': s += QLatin1Char('\t'); break;
        case 'r': s += QLatin1Char('\r'); break;
        case 'b': s += QLatin1Char('\b'); break;
        case 'f': s += QLatin1Char('\f'); break;
        case 'u': {
            bool hex = e - c >= 5;
            const ushort unit = hex ? QByteArray(c + 1, 4).toUShort(&hex, 16) : 0;
            if (!hex || !std::all_of(c + 1, c + 5, [](char h) { return std::isxdigit(uchar(h)); })) {
                m_p = c - 1;
                fail(QStringLiteral("bad \\u escape"));
                return false;
            }
            s += QChar(unit);
            c += 4;
            break;
        }
        default: s += QLatin1Char(*c); break; // \" \\ \/
        }
        run = c + 1;
    }
    s += QString::fromUtf8(run, e - run);
    *out = s;
    return true;
}

bool Parser::number(double *out)
{
    ws();
    const char *b = m_p;
    if (m_p < m_end && (*m_p == '-' || *m_p == '+'))
        ++m_p;
    while (m_p < m_end
           && ((*m_p >= '0' && *m_p <= '9') || *m_p == '.' || *m_p == 'e' || *m_p == 'E'
               || *m_p == '-' || *m_p == '+'))
        ++m_p;
    const char *first = (b < m_p && *b == '+') ? b + 1 : b;
    const auto [ptr, ec] = std::from_chars(first, m_p, *out);
    if (ec != std::errc() || ptr != m_p || b == m_p) {
        m_p = b;
        fail(QStringLiteral("expected a number"));
        return false;
    }
    return true;
}

bool Parser::skipValue(int depth)
{
    if (depth > 64) {
        fail(QStringLiteral("nesting too deep"));
        return false;
    }
    ws();
    if (m_p >= m_end) {
        fail(QStringLiteral("expected a value"));
        return false;
    }
    switch (*m_p) {
    case '"': return string(nullptr);
    case '{': {
        ++m_p;
        if (eat('}'))
            return true;
        do {
            if (!string(nullptr) || !expect(':') || !skipValue(depth + 1))
                return false;
        } while (eat(','));
        return expect('}');
    }
    case '[': {
        ++m_p;
        if (eat(']'))
            return true;
        do {
            if (!skipValue(depth + 1))
                return false;
        } while (eat(','));
        return expect(']');
    }
    default: break;
    }
    for (const char *word : {"true", "false", "null"}) {
        const size_t n = std::strlen(word);
        if (size_t(m_end - m_p) >= n && std::memcmp(m_p, word, n) == 0) {
            m_p += n;
            return true;
        }
    }
    double ignored = 0;
    return number(&ignored);
}

bool Parser::metric(PromSeries &series)
{
    if (!expect('{'))
        return false;
    if (eat('}'))
        return true;
    do {
        QString key;
        QString value;
        if (!string(&key) || !expect(':') || !string(&value))
            return false;
        series.labels.insert(key, value);
    } while (eat(','));
    return expect('}');
}

// [1700000000.123, "0.5"]
bool Parser::sample(PromSeries &series)
{
    double t = 0;
    const char *b = nullptr;
    const char *e = nullptr;
    if (!expect('[') || !number(&t) || !expect(',') || !rawString(&b, &e) || !expect(']'))
        return false;
    double v = 0;
    const char *first = (b < e && *b == '+') ? b + 1 : b;
    const auto [ptr, ec] = std::from_chars(first, e, v);
    if (ec != std::errc() || ptr != e) {
        m_p = b;
        fail(QStringLiteral("expected a sample value"));
        return false;
    }
    series.times.push_back(qint64(std::llround(t)));
    series.values.push_back(v);
    return true;
}

bool Parser::samples(PromSeries &series)
{
    if (!expect('['))
        return false;
    if (eat(']'))
        return true;
    do {
        if (!sample(series))
            return false;
    } while (eat(','));
    return expect(']');
}

bool Parser::resultEntry(PromSeries &series)
{
    if (!eat('{')) {
        fail(QStringLiteral("expected a series object (only matrix and vector results are read)"));
        return false;
    }
    if (eat('}'))
        return true;
    do {
        QString key;
        if (!string(&key) || !expect(':'))
            return false;
        bool ok = true;
        if (key == QLatin1String("metric"))
            ok = metric(series);
        else if (key == QLatin1String("values"))
            ok = samples(series);
        else if (key == QLatin1String("value"))
            ok = sample(series);
        else
            ok = skipValue();
        if (!ok)
            return false;
    } while (eat(','));
    return expect('}');
}

bool Parser::data(QList<PromSeries> &series, QString &resultType)
{
    if (!expect('{'))
        return false;
    if (eat('}'))
        return true;
    do {
        QString key;
        if (!string(&key) || !expect(':'))
            return false;
        if (key == QLatin1String("resultType")) {
            if (!string(&resultType))
                return false;
        } else if (key == QLatin1String("result")) {
            if (!expect('['))
                return false;
            if (!eat(']')) {
                do {
                    PromSeries s;
                    if (!resultEntry(s))
                        return false;
                    series.append(std::move(s));
                } while (eat(','));
                if (!expect(']'))
                    return false;
            }
        } else if (!skipValue()) {
            return false;
        }
    } while (eat(','));
    return expect('}');
}

Result<QList<PromSeries>> Parser::parse()
{
    QString status;
    QString error;
    QString errorType;
    QString resultType;
    QList<PromSeries> series;
    bool sawData = false;
    if (!expect('{'))
        return Error{QStringLiteral("not a Prometheus API response (%1)").arg(m_error)};
    if (!eat('}')) {
        do {
            QString key;
            if (!string(&key) || !expect(':'))
                break;
            bool ok = true;
            if (key == QLatin1String("status"))
                ok = string(&status);
            else if (key == QLatin1String("error"))
                ok = string(&error);
            else if (key == QLatin1String("errorType"))
                ok = string(&errorType);
            else if (key == QLatin1String("data"))
                ok = sawData = data(series, resultType);
            else
                ok = skipValue();
            if (!ok)
                break;
        } while (eat(','));
        if (!failed())
            expect('}');
    }
    if (failed())
        return Error{QStringLiteral("not a Prometheus API response (%1)").arg(m_error)};
    if (status == QLatin1String("error") || !error.isEmpty())
        return Error{QStringLiteral("Prometheus refused the query: %1%2")
                             .arg(errorType.isEmpty() ? QString() : errorType + QStringLiteral(": "),
                                  error)};
    if (status != QLatin1String("success") || !sawData)
        return Error{QStringLiteral("not a Prometheus API response (no \"status\": \"success\" "
                                    "with \"data\")")};
    if (!resultType.isEmpty() && resultType != QLatin1String("matrix")
        && resultType != QLatin1String("vector"))
        return Error{QStringLiteral("Prometheus returned a %1, not a series").arg(resultType)};
    return series;
}

} // namespace

Result<QList<PromSeries>> parsePrometheusResponse(const QByteArray &body)
{
    return Parser(body).parse();
}

slo::SampleSeries toSampleSeries(const QList<PromSeries> &series, qint64 from, qint64 to,
                                 qint64 step)
{
    slo::SampleSeries out;
    out.start = from;
    out.step = step;
    if (to < from || step <= 0)
        return out;
    const size_t n = size_t((to - from) / step + 1);
    std::vector<double> sum(n, 0.0);
    std::vector<quint16> count(n, 0);
    for (const PromSeries &s : series) {
        for (size_t i = 0; i < s.times.size(); ++i) {
            const qint64 offset = s.times[i] - from;
            const double v = s.values[i];
            if (offset < 0 || offset % step != 0 || std::isnan(v))
                continue;
            const size_t k = size_t(offset / step);
            if (k < n) {
                sum[k] += v;
                ++count[k];
            }
        }
    }
    out.values.resize(n);
    for (size_t k = 0; k < n; ++k)
        out.values[k] = count[k] ? float(sum[k] / count[k]) : slo::SampleSeries::noData();
    return out;
}

} // namespace qd
