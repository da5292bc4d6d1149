#pragma once

#include "models/Result.h"

#include <QByteArray>
#include <QString>

// Text-level helpers behind replaceScalarAt (declared in services/config/YamlEditor.h) and the
// overlay patcher: how a scalar must be written so that it reads back as the intended value.
namespace qd::yamltext {

// Whether a plain (unquoted) scalar with this text would be read as something other than a
// string: a boolean, null, integer or float, in YAML 1.1 or 1.2 (Kubernetes tooling mixes both,
// so "yes" and "1.10" are treated as not strings).
bool resolvesAsNonString(const QString &plain);

enum class Context { Block, Flow };

// Whether this text cannot be written as a plain scalar that reads back as the same text.
bool needsQuotes(const QString &value, Context context);

// 'single' and "double" quoted forms of a value (double escapes control characters).
QByteArray singleQuoted(const QString &value);
QByteArray doubleQuoted(const QString &value);

enum class Typing { KeepString, Free };
// A value as a scalar token: plain when that reads back equal (and, with KeepString, as a
// string), else double-quoted.
QByteArray scalarToken(const QString &value, Typing typing, Context context = Context::Block);

// "\r\n" when the file's first line ends with CRLF, else "\n".
QByteArray lineEndingOf(const QByteArray &text);

// What replaceScalarAt found at a position.
struct ScalarAt
{
    QString text;          // the value as YAML reads it
    bool isString = false; // quoted, tagged !!str, or plain that reads as a string
};
// The scalar that starts at (line, column), 1-based; an Error when there is none or it cannot
// be edited in place (alias, block scalar, multi-line plain scalar).
Result<ScalarAt> scalarAt(const QByteArray &text, int line, int column);

} // namespace qd::yamltext
