#include "services/SaveFile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <filesystem>
#include <system_error>

namespace qd {

Result<void> saveFileAtomically(const QString &absolutePath, const QByteArray &bytes,
                                const QString &shown)
{
    std::error_code error;
    std::filesystem::create_directories(
            std::filesystem::path(QFile::encodeName(QFileInfo(absolutePath).absolutePath())
                                          .toStdString()),
            error);
    if (error)
        return Error{QStringLiteral("cannot write %1: cannot create its folder: %2")
                             .arg(shown, QString::fromLocal8Bit(error.message().c_str()))};
    QSaveFile file(absolutePath);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(shown, file.errorString())};
    // Without commit() the temporary file goes with `file`, and the original stays.
    if (file.write(bytes) != bytes.size() || !file.flush())
        return Error{QStringLiteral("cannot write %1: %2").arg(shown, file.errorString())};
    if (!file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(shown, file.errorString())};
    return {};
}

} // namespace qd
