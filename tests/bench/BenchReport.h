#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <algorithm>

namespace qd::bench {

// Lines starting with "RESULT\t" are what run-benchmarks.sh puts in its table; every other line
// is detail for whoever reads the log.
enum class Verdict { Pass, Fail, NotMeasured };

inline void printResult(const QString &benchmark, const QString &measured, const QString &target,
                        double ratio, Verdict verdict)
{
    QTextStream out(stdout);
    const QString ratioText = verdict == Verdict::NotMeasured ? QStringLiteral("-")
                                                              : QString::number(ratio, 'f', 2);
    const QString verdictText = verdict == Verdict::Pass   ? QStringLiteral("PASS")
                                : verdict == Verdict::Fail ? QStringLiteral("FAIL")
                                                           : QStringLiteral("NOT MEASURED");
    out << "RESULT\t" << benchmark << '\t' << measured << '\t' << target << '\t' << ratioText
        << '\t' << verdictText << Qt::endl;
}

inline void printDetail(const QString &text)
{
    QTextStream out(stdout);
    out << "# " << text << Qt::endl;
}

inline double median(QList<double> values)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

inline QString formatSeries(const QList<double> &values, int decimals = 0)
{
    QStringList parts;
    for (double value : values)
        parts.append(QString::number(value, 'f', decimals));
    return parts.join(QLatin1Char(' '));
}

} // namespace qd::bench
