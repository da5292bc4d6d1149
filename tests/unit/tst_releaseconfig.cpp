// What can be checked here of the Windows and macOS release, which only GitHub's runners build:
// the workflow parses and builds every system the issue names, every file it names exists,
// vcpkg.json is valid and names what CMakeLists.txt finds, and the platform files (Info.plist,
// the resource script, the icons) are well formed and filled only from variables that are set.
#include <yaml-cpp/yaml.h>

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>
#include <QtEndian>

namespace {

QByteArray sourceFile(const QString &path)
{
    QFile file(QStringLiteral(QD_SOURCE_DIR "/") + path);
    if (!file.open(QIODevice::ReadOnly))
        qWarning() << "cannot read" << path;
    return file.readAll();
}

bool sourceExists(const QString &path)
{
    return QFile::exists(QStringLiteral(QD_SOURCE_DIR "/") + path);
}

QSet<QString> matches(const QString &text, const QString &pattern, int group = 1)
{
    QSet<QString> found;
    const QRegularExpression re(pattern);
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(group));
    return found;
}

} // namespace

class TestReleaseConfig : public QObject
{
    Q_OBJECT

private slots:
    void workflowBuildsEverySystem();
    void workflowNamesOnlyExistingFiles();
    void vcpkgManifestMatchesTheBuild();
    void macBundlePlistIsFilledFromSetVariables();
    void windowsResourceScriptIsFilledFromSetVariables();
    void iconsAreWellFormed();
    void systemHeadersOnlyBehindPlatformGuards();
};

void TestReleaseConfig::workflowBuildsEverySystem()
{
    YAML::Node workflow;
    try {
        workflow = YAML::Load(sourceFile(".github/workflows/release.yml").toStdString());
    } catch (const YAML::Exception &e) {
        QFAIL(e.what());
    }
    const YAML::Node include = workflow["jobs"]["build"]["strategy"]["matrix"]["include"];
    QVERIFY(include.IsSequence());
    QSet<QString> systems;
    QSet<QString> generators;
    for (const YAML::Node &entry : include) {
        systems.insert(QString::fromStdString(entry["os"].as<std::string>()));
        for (const QString &g : QString::fromStdString(entry["generators"].as<std::string>()).split(';'))
            generators.insert(g);
    }
    QCOMPARE(systems, (QSet<QString>{"ubuntu-22.04", "ubuntu-24.04", "windows-2022", "macos-14"}));
    QCOMPARE(generators, (QSet<QString>{"DEB", "TGZ", "NSIS", "DragNDrop"}));

    // Every action is pinned to a version; a tag publishes, with the build as its input.
    const QString text = QString::fromUtf8(sourceFile(".github/workflows/release.yml"));
    for (const QString &action : matches(text, "uses: ([^\\s]+)"))
        QVERIFY2(action.contains(QRegularExpression("@v\\d+$")), qPrintable(action));
    const YAML::Node publish = workflow["jobs"]["publish"];
    QCOMPARE(QString::fromStdString(publish["if"].as<std::string>()),
             QStringLiteral("startsWith(github.ref, 'refs/tags/v')"));
    QCOMPARE(QString::fromStdString(publish["needs"].as<std::string>()), QStringLiteral("build"));
    QVERIFY(workflow["on"]["push"]["tags"].IsSequence());

    // Signing runs only where the secrets are, so a fork's build does not fail on them.
    QStringList signing;
    for (const YAML::Node &step : workflow["jobs"]["build"]["steps"]) {
        const QString name = step["name"] ? QString::fromStdString(step["name"].as<std::string>())
                                          : QString();
        if (name.contains("Sign") || name.contains("signing"))
            signing.append(QString::fromStdString(step["if"].as<std::string>()));
    }
    QCOMPARE(signing.size(), 4);
    for (const QString &condition : signing)
        QVERIFY2(condition.contains("_CERTIFICATE != ''"), qPrintable(condition));
}

void TestReleaseConfig::workflowNamesOnlyExistingFiles()
{
    const QString text = QString::fromUtf8(sourceFile(".github/workflows/release.yml"));
    const QSet<QString> paths = matches(
            text, "\\b((?:installer|resources|tests|app|services|models|ui|docs)/[\\w./-]*\\w"
                  "|vcpkg\\.json|CMakeLists\\.txt)");
    QVERIFY(paths.contains("vcpkg.json"));
    QVERIFY(paths.contains("installer/README.md"));
    for (const QString &path : paths) {
        // "tests/unit/tst_releaseconfig" names this test, whose source ends in .cpp.
        QVERIFY2(sourceExists(path) || sourceExists(path + ".cpp"), qPrintable(path));
    }
}

void TestReleaseConfig::vcpkgManifestMatchesTheBuild()
{
    QJsonParseError error;
    const QJsonObject manifest = QJsonDocument::fromJson(sourceFile("vcpkg.json"), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(manifest["name"].toString(), QStringLiteral("quarterdeck"));

    // The baseline is a commit, and the one the workflow checks vcpkg out at.
    const QString baseline = manifest["builtin-baseline"].toString();
    QVERIFY2(QRegularExpression("^[0-9a-f]{40}$").match(baseline).hasMatch(), qPrintable(baseline));
    const QString workflow = QString::fromUtf8(sourceFile(".github/workflows/release.yml"));
    QVERIFY2(workflow.contains("VCPKG_COMMIT: " + baseline), "vcpkg.json and the workflow differ");

    // The version matches the project's.
    const QString cmake = QString::fromUtf8(sourceFile("CMakeLists.txt"));
    const QString projectVersion =
            *matches(cmake, "project\\(Quarterdeck VERSION ([\\d.]+)").constBegin();
    QCOMPARE(manifest["version"].toString(), projectVersion);

    // What CMakeLists.txt finds besides Qt: from vcpkg, or (QtKeychain) built by the workflow
    // against the action's Qt, as installer/README.md explains.
    QSet<QString> fromVcpkg;
    for (const QJsonValue &dependency : manifest["dependencies"].toArray())
        fromVcpkg.insert(dependency.isString() ? dependency.toString()
                                               : dependency["name"].toString());
    QSet<QString> found = matches(cmake, "find_package\\(([\\w-]+)");
    found.remove("Qt6");
    found.remove("PkgConfig");
    const QHash<QString, QString> vcpkgName = {{"yaml-cpp", "yaml-cpp"},
                                               {"unofficial-libgit2", "libgit2"}};
    QSet<QString> expected;
    for (const QString &package : std::as_const(found)) {
        if (package == QLatin1String("Qt6Keychain")) {
            QVERIFY2(workflow.contains("https://github.com/frankosterfeld/qtkeychain.git"),
                     "the workflow must build QtKeychain");
            continue;
        }
        QVERIFY2(vcpkgName.contains(package), qPrintable("no vcpkg port known for " + package));
        expected.insert(vcpkgName[package]);
    }
    QCOMPARE(fromVcpkg, expected);
}

void TestReleaseConfig::macBundlePlistIsFilledFromSetVariables()
{
    const QByteArray plist = sourceFile("resources/platform/Info.plist.in");
    QXmlStreamReader xml(plist);
    QString key;
    QHash<QString, QString> values;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("key"))
            key = xml.readElementText();
        else if (xml.isStartElement() && xml.name() == QLatin1String("string") && !key.isEmpty())
            values[key] = xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(values["CFBundlePackageType"], QStringLiteral("APPL"));

    // Each ${MACOSX_BUNDLE_…} is set by app/CMakeLists.txt, or by CMake itself.
    const QString app = QString::fromUtf8(sourceFile("app/CMakeLists.txt"));
    for (const QString &variable : matches(QString::fromUtf8(plist), "\\$\\{(MACOSX_BUNDLE_\\w+)\\}")) {
        if (variable == QLatin1String("MACOSX_BUNDLE_EXECUTABLE_NAME"))
            continue; // CMake sets it from the target's output name
        QVERIFY2(app.contains(QRegularExpression("\\n\\s+" + variable + "\\s")),
                 qPrintable(variable));
    }
    // The bundle id is the app id the Linux desktop entry and metainfo are named after.
    QVERIFY(app.contains("MACOSX_BUNDLE_GUI_IDENTIFIER io.github.quarterdeck.Quarterdeck"));
    QVERIFY(sourceExists("resources/io.github.quarterdeck.Quarterdeck.metainfo.xml"));
    QVERIFY(app.contains("MACOSX_BUNDLE_ICON_FILE quarterdeck.icns"));
}

void TestReleaseConfig::windowsResourceScriptIsFilledFromSetVariables()
{
    const QString rc = QString::fromUtf8(sourceFile("resources/platform/quarterdeck.rc.in"));
    const QString app = QString::fromUtf8(sourceFile("app/CMakeLists.txt"));
    const QSet<QString> variables = matches(rc, "@(\\w+)@");
    QVERIFY(variables.contains("QD_ICO"));
    for (const QString &variable : variables) {
        if (variable.startsWith(QLatin1String("PROJECT_VERSION")))
            continue; // project() sets them
        QVERIFY2(app.contains("set(" + variable + ' '), qPrintable(variable));
    }
    QVERIFY(app.contains("quarterdeck.rc.in"));
}

void TestReleaseConfig::iconsAreWellFormed()
{
    // ICO: reserved 0, type 1, then one 16-byte entry per image (0 in a size byte means 256).
    const QByteArray ico = sourceFile("resources/platform/quarterdeck.ico");
    QVERIFY(ico.size() > 6);
    QCOMPARE(qFromLittleEndian<quint16>(ico.constData()), quint16(0));
    QCOMPARE(qFromLittleEndian<quint16>(ico.constData() + 2), quint16(1));
    const int count = qFromLittleEndian<quint16>(ico.constData() + 4);
    QSet<int> sizes;
    for (int i = 0; i < count; ++i) {
        const char *entry = ico.constData() + 6 + 16 * i;
        const int size = quint8(entry[0]) == 0 ? 256 : quint8(entry[0]);
        sizes.insert(size);
        const quint32 bytes = qFromLittleEndian<quint32>(entry + 8);
        const quint32 offset = qFromLittleEndian<quint32>(entry + 12);
        QVERIFY2(offset + bytes <= quint32(ico.size()), "an image lies past the file's end");
    }
    QCOMPARE(sizes, (QSet<int>{16, 32, 48, 64, 256}));

    // ICNS: "icns", the file's length, then (type, length) blocks that add up to it.
    const QByteArray icns = sourceFile("resources/platform/quarterdeck.icns");
    QVERIFY(icns.startsWith("icns"));
    QCOMPARE(qFromBigEndian<quint32>(icns.constData() + 4), quint32(icns.size()));
    QSet<QByteArray> types;
    for (qsizetype at = 8; at < icns.size();) {
        const quint32 length = qFromBigEndian<quint32>(icns.constData() + at + 4);
        QVERIFY(length >= 8);
        types.insert(icns.mid(at, 4));
        at += length;
        QVERIFY(at <= icns.size());
    }
    QVERIFY2(types.contains("ic09") && types.contains("ic08"), "the 512 and 256 px images");
}

// The product builds on Windows and macOS only if every POSIX or Windows header is behind an
// #if on the platform (the platform files in services/platform/ and the few guarded sites).
void TestReleaseConfig::systemHeadersOnlyBehindPlatformGuards()
{
    const QRegularExpression systemHeader(
            "^#include <(unistd\\.h|sys/[\\w/]+\\.h|dirent\\.h|signal\\.h|csignal|fcntl\\.h|"
            "poll\\.h|pwd\\.h|windows\\.h)>");
    // An #else of a platform #if is platform code too, so it keeps the condition.
    const QRegularExpression opener("^#\\s*(if|ifdef|ifndef|elif)\\b");
    int guarded = 0;
    for (const char *folder : {"app", "ui", "services", "models"}) {
        QDirIterator it(QStringLiteral(QD_SOURCE_DIR "/") + QLatin1String(folder),
                        {"*.cpp", "*.h"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QString condition; // the innermost open #if, roughly: enough for flat guards
            int line = 0;
            for (const QString &text : QString::fromUtf8(file.readAll()).split('\n')) {
                ++line;
                if (opener.match(text).hasMatch())
                    condition = text;
                else if (text.startsWith(QLatin1String("#endif")))
                    condition.clear();
                if (!systemHeader.match(text).hasMatch())
                    continue;
                QVERIFY2(condition.contains(QLatin1String("Q_OS_")),
                         qPrintable(QStringLiteral("%1:%2: %3 outside an #if on Q_OS_")
                                            .arg(path).arg(line).arg(text)));
                ++guarded;
            }
        }
    }
    QVERIFY2(guarded > 0, "the scan found none of the guarded headers it knows are there");
}

QTEST_GUILESS_MAIN(TestReleaseConfig)
#include "tst_releaseconfig.moc"
