#pragma once

// RFC 4180 records read straight from a UTF-8 buffer: a field is a slice of the buffer, decoded
// (and unescaped) only when asked for, so a large export costs no allocation per field.
// Header-only so that the journal's import and its tests share it without another library.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace qd::csv {

struct Field
{
    qsizetype start = 0;     // offset of the field's first byte (its opening quote, if quoted)
    qsizetype lineStart = 0; // offset of the first byte of the line `start` lies on
    qsizetype textBegin = 0; // [textBegin, textEnd): the text, when `plain`
    qsizetype textEnd = 0;
    qsizetype end = 0; // offset of the delimiter (or the end of the buffer) after the field
    int line = 1;
    bool quoted = false;
    bool plain = true; // no doubled quotes inside and nothing after the closing quote
};
using Record = std::vector<Field>;

// Quoted fields may hold commas, doubled quotes and line breaks (CRLF, LF, CR). A record ends
// at CRLF, LF or CR outside quotes; blank lines are skipped; text after a closing quote is kept
// (leniently) up to the delimiter; an unterminated quote runs to the end of the buffer. A UTF-8
// byte order mark at the start is skipped.
class Reader
{
public:
    explicit Reader(QByteArrayView text)
        : m_data(text.data()), m_size(text.size())
    {
        if (text.startsWith("\xEF\xBB\xBF"))
            m_pos = m_lineStart = 3;
    }

    // The next non-blank record into `fields` (cleared first); false at the end.
    bool next(Record &fields)
    {
        for (;;) {
            fields.clear();
            if (m_pos >= m_size)
                return false;
            readRecord(fields);
            const Field &only = fields.front();
            if (fields.size() == 1 && only.plain && only.textBegin == only.textEnd)
                continue;
            return true;
        }
    }

    QByteArrayView raw(const Field &f) const
    {
        return QByteArrayView(m_data + f.textBegin, f.textEnd - f.textBegin);
    }

    // The field's text, quotes undone; invalid UTF-8 becomes U+FFFD.
    QString text(const Field &f) const
    {
        if (f.plain)
            return QString::fromUtf8(raw(f));
        QByteArray out;
        out.reserve(f.end - f.start);
        qsizetype i = f.start + 1;
        while (i < f.end) {
            const char c = m_data[i];
            if (c == '"') {
                if (i + 1 < f.end && m_data[i + 1] == '"') {
                    out += '"';
                    i += 2;
                    continue;
                }
                out.append(m_data + i + 1, f.end - i - 1);
                break;
            }
            out += c;
            ++i;
        }
        return QString::fromUtf8(out);
    }

    // 1-based, in UTF-16 code units from the start of the field's line (as an editor counts).
    int column(const Field &f) const
    {
        return 1 + int(QString::fromUtf8(m_data + f.lineStart, f.start - f.lineStart).size());
    }

private:
    void readRecord(Record &fields)
    {
        const char *d = m_data;
        const qsizetype n = m_size;
        for (;;) {
            Field f;
            f.start = m_pos;
            f.lineStart = m_lineStart;
            f.line = m_line;
            if (m_pos < n && d[m_pos] == '"') {
                f.quoted = true;
                f.textBegin = ++m_pos;
                f.textEnd = n;
                while (m_pos < n) {
                    const char c = d[m_pos];
                    if (c == '"') {
                        if (m_pos + 1 < n && d[m_pos + 1] == '"') {
                            f.plain = false;
                            m_pos += 2;
                            continue;
                        }
                        f.textEnd = m_pos++;
                        break;
                    }
                    if (c == '\n') {
                        ++m_line;
                        m_lineStart = m_pos + 1;
                    }
                    ++m_pos;
                }
            }
            qsizetype j = m_pos;
            while (j < n && d[j] != ',' && d[j] != '\n' && d[j] != '\r')
                ++j;
            if (!f.quoted) {
                f.textBegin = m_pos;
                f.textEnd = j;
            } else if (j > m_pos) {
                f.plain = false;
            }
            f.end = m_pos = j;
            fields.push_back(f);
            if (m_pos >= n)
                return;
            if (d[m_pos] == ',') {
                if (++m_pos == n) { // a trailing comma: one more, empty field
                    Field last;
                    last.start = last.textBegin = last.textEnd = last.end = n;
                    last.lineStart = m_lineStart;
                    last.line = m_line;
                    fields.push_back(last);
                    return;
                }
                continue;
            }
            if (d[m_pos] == '\r')
                ++m_pos;
            if (m_pos < n && d[m_pos] == '\n')
                ++m_pos;
            ++m_line;
            m_lineStart = m_pos;
            return;
        }
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
};

} // namespace qd::csv
