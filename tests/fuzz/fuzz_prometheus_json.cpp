// Prometheus's query responses (the hand-written streaming parser of PrometheusJson.cpp).
// Two runs per input:
// - the input itself as a response body: the parser must return series or an error, and never
//   read outside the body (AddressSanitizer);
// - a response generated from the input (series, labels with every JSON escape, samples, keys in
//   any order, unknown keys, whitespace, number forms): the parser must return exactly the
//   series that were written, which the generator knows.
#include "FuzzSupport.h"

#include "services/telemetry/PrometheusClient.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace {

std::string space(FuzzedDataProvider &in)
{
    static const char *const spaces[] = {"", " ", "\n  ", "\t", "\r\n"};
    return spaces[in.ConsumeIntegralInRange<int>(0, 4)];
}

// A JSON string literal for `text`, escaped as Go's encoder does or more.
std::string quoted(const QString &text, FuzzedDataProvider &in)
{
    std::string out = "\"";
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        // A surrogate pair is one character: written as UTF-8, or as two \u escapes.
        const qsizetype units = c.isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const bool escape = in.ConsumeBool();
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            out += '\\';
            out += char(c.unicode());
        } else if (c.unicode() < 0x20 || escape) {
            for (qsizetype u = i; u < i + units; ++u) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", unsigned(text.at(u).unicode()));
                out += buffer;
            }
        } else {
            out += text.mid(i, units).toStdString();
        }
        i += units - 1;
    }
    return out + "\"";
}

QString labelText(FuzzedDataProvider &in)
{
    QString text;
    const int length = in.ConsumeIntegralInRange<int>(0, 8);
    for (int i = 0; i < length; ++i) {
        switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: text += QChar(char16_t(in.ConsumeIntegralInRange<int>(0x20, 0x7e))); break;
        case 1: text += QChar(char16_t(in.ConsumeIntegralInRange<int>(0, 0x1f))); break;
        case 2: text += QChar(char16_t(in.ConsumeIntegralInRange<int>(0xa0, 0xd7ff))); break;
        case 3: text += QStringLiteral("\U0001F600"); break; // a surrogate pair
        case 4: text += QLatin1Char(in.ConsumeBool() ? '"' : '\\'); break;
        default: text += QStringLiteral("cluster"); break;
        }
    }
    return text;
}

struct Generated
{
    std::string body;
    QList<qd::PromSeries> series;
};

Generated generate(FuzzedDataProvider &in)
{
    Generated out;
    const bool vector = in.ConsumeBool();
    std::string result;
    const int count = in.ConsumeIntegralInRange<int>(0, 4);
    for (int s = 0; s < count; ++s) {
        qd::PromSeries series;
        std::string metric = "{" + space(in);
        const int labels = in.ConsumeIntegralInRange<int>(0, 3);
        for (int l = 0; l < labels; ++l) {
            const QString key = labelText(in);
            const QString value = labelText(in);
            if (series.labels.contains(key))
                continue; // a JSON object's keys are unique
            series.labels.insert(key, value);
            metric += (series.labels.size() > 1 ? "," : "") + space(in) + quoted(key, in) + space(in) + ":"
                      + space(in) + quoted(value, in);
        }
        metric += space(in) + "}";
        std::string samples;
        const int n = vector ? 1 : in.ConsumeIntegralInRange<int>(0, 6);
        for (int i = 0; i < n; ++i) {
            const qint64 t = in.ConsumeIntegralInRange<qint64>(0, 4'000'000'000);
            const int fraction = in.ConsumeIntegralInRange<int>(0, 999);
            std::string value;
            double expected = 0;
            switch (in.ConsumeIntegralInRange<int>(0, 4)) {
            case 0: value = "NaN"; expected = std::nan(""); break;
            case 1: value = "+Inf"; expected = INFINITY; break;
            case 2: value = "-Inf"; expected = -INFINITY; break;
            case 3: {
                expected = in.ConsumeIntegralInRange<int>(0, 1);
                value = std::to_string(int(expected));
                break;
            }
            default: {
                expected = in.ConsumeFloatingPoint<double>();
                if (!std::isfinite(expected))
                    expected = 0.5;
                char buffer[40];
                std::snprintf(buffer, sizeof buffer, "%.17g", expected);
                value = buffer;
            }
            }
            char time[40];
            std::snprintf(time, sizeof time, "%lld.%03d", static_cast<long long>(t), fraction);
            // Prometheus writes times as seconds with milliseconds; the parser rounds them.
            series.times.push_back(t + (fraction >= 500 ? 1 : 0));
            series.values.push_back(expected);
            const std::string sample = "[" + space(in) + (fraction ? time : std::to_string(t)) + ","
                                       + space(in) + "\"" + value + "\"" + space(in) + "]";
            samples += (i ? "," : "") + space(in) + sample;
        }
        std::string entry = "{" + space(in);
        const std::string unknown = "\"extra\":" + space(in) + "{\"a\": [1, -2.5e3, true, null, \"x\"]}";
        const std::string values = vector ? "\"value\":" + space(in) + (n ? samples : "[0, \"1\"]")
                                          : "\"values\":" + space(in) + "[" + samples + "]";
        if (vector && !n) {
            series.times.push_back(0);
            series.values.push_back(1);
        }
        switch (in.ConsumeIntegralInRange<int>(0, 2)) {
        case 0: entry += "\"metric\":" + metric + "," + values; break;
        case 1: entry += values + "," + space(in) + "\"metric\":" + metric; break;
        default: entry += unknown + ",\"metric\":" + metric + "," + values; break;
        }
        entry += space(in) + "}";
        result += (s ? "," : "") + space(in) + entry;
        out.series.append(series);
    }
    const std::string data = "{\"resultType\":" + space(in) + (vector ? "\"vector\"" : "\"matrix\"")
                             + "," + space(in) + "\"result\":[" + result + "]}";
    out.body = in.ConsumeBool() ? "{\"status\":\"success\"," + space(in) + "\"data\":" + data + "}"
                                : "{" + space(in) + "\"data\":" + data + ",\"status\":" + space(in)
                                          + "\"success\"" + space(in) + "}";
    return out;
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto parsed = qd::parsePrometheusResponse(raw)) {
        for (const qd::PromSeries &series : *parsed)
            qd::fuzz::check(series.times.size() == series.values.size(),
                            "every sample has a time and a value");
        (void)qd::toSampleSeries(*parsed, 0, 3600, 60);
    } else {
        qd::fuzz::check(!parsed.errorMessage().isEmpty(), "a refusal says why");
    }

    FuzzedDataProvider in(data, size);
    const Generated generated = generate(in);
    const auto parsed = qd::parsePrometheusResponse(QByteArray::fromStdString(generated.body));
    const QString body = QString::fromStdString(generated.body);
    qd::fuzz::check(bool(parsed), "a well-formed response parses",
                    (parsed ? QString() : parsed.errorMessage()) + QLatin1Char('\n') + body);
    qd::fuzz::check(parsed->size() == generated.series.size(), "every series is read", body);
    for (qsizetype s = 0; s < parsed->size(); ++s) {
        const qd::PromSeries &got = parsed->at(s);
        const qd::PromSeries &wanted = generated.series.at(s);
        qd::fuzz::check(got.labels == wanted.labels, "labels read back as written", body);
        qd::fuzz::check(got.times == wanted.times, "sample times read back as written", body);
        bool same = got.values.size() == wanted.values.size();
        for (size_t i = 0; same && i < got.values.size(); ++i)
            same = sameValue(got.values[i], wanted.values[i]);
        qd::fuzz::check(same, "sample values read back as written", body);
    }
    return 0;
}
