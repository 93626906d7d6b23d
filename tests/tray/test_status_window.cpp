// The status window, rendered offscreen from a filled model: the widgets
// show the link's values, the log and the traffic graph follow the model,
// and a screenshot is written into the build tree.
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>

#include "link_model.hpp"
#include "translations.hpp"
#include "status_window.hpp"
#include "traffic_graph.hpp"

using namespace pppkit::tray;

namespace {
const QString kIsp = QStringLiteral("/org/freedesktop/ppp1/link/isp");

QVariantMap runningIsp() {
    return {
        {QStringLiteral("Name"), QStringLiteral("isp")},
        {QStringLiteral("State"), QStringLiteral("Running")},
        {QStringLiteral("StateReason"), QStringLiteral("IPCP is up")},
        {QStringLiteral("Device"), QStringLiteral("/dev/ttyS1")},
        {QStringLiteral("Interface"), QStringLiteral("ppp0")},
        {QStringLiteral("DataPath"), QStringLiteral("tun")},
        {QStringLiteral("LocalAddress"), QStringLiteral("10.64.0.2")},
        {QStringLiteral("RemoteAddress"), QStringLiteral("10.64.0.1")},
        {QStringLiteral("DNS"), QStringList{QStringLiteral("10.64.0.53"), QStringLiteral("10.64.0.54")}},
        {QStringLiteral("MTU"), QVariant::fromValue<uint>(1500)},
        {QStringLiteral("AuthProtocol"), QStringLiteral("CHAP-MD5")},
        {QStringLiteral("ConnectedSince"), QVariant::fromValue<qulonglong>(QDateTime::currentMSecsSinceEpoch() * 1000 - 65'000'000)},
        {QStringLiteral("RxBytes"), QVariant::fromValue<qulonglong>(123456)},
        {QStringLiteral("TxBytes"), QVariant::fromValue<qulonglong>(7890)},
        {QStringLiteral("RxPackets"), QVariant::fromValue<qulonglong>(321)},
        {QStringLiteral("TxPackets"), QVariant::fromValue<qulonglong>(45)},
        {QStringLiteral("LastError"), QString()},
    };
}
}  // namespace

class TestStatusWindow : public QObject {
    Q_OBJECT
private slots:
    // English plural forms ("1 day", "2 days") come from a translation too.
    void initTestCase() {
        // Numbers as an en_US user sees them, whatever the machine's locale.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
    }

    void showsTheLinkAndGrabsAScreenshot() {
        LinkModel model;
        model.setLink(kIsp, runningIsp());
        model.appendLog(kIsp, QStringLiteral("send (ATZ^M)"));
        model.appendLog(kIsp, QStringLiteral("expect (OK) ... got it"));
        StatusWindow window(&model, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QCOMPARE(window.currentPath(), kIsp);
        QCOMPARE(window.valueLabel(QStringLiteral("LocalAddress"))->text(), QStringLiteral("10.64.0.2"));
        QCOMPARE(window.valueLabel(QStringLiteral("RemoteAddress"))->text(), QStringLiteral("10.64.0.1"));
        QCOMPARE(window.valueLabel(QStringLiteral("DNS"))->text(), QStringLiteral("10.64.0.53, 10.64.0.54"));
        QCOMPARE(window.valueLabel(QStringLiteral("Interface"))->text(), QStringLiteral("ppp0 (tun)"));
        QCOMPARE(window.valueLabel(QStringLiteral("Device"))->text(), QStringLiteral("/dev/ttyS1"));
        QCOMPARE(window.valueLabel(QStringLiteral("AuthProtocol"))->text(), QStringLiteral("CHAP-MD5"));
        QCOMPARE(window.valueLabel(QStringLiteral("State"))->text(), QStringLiteral("Connected"));
        QVERIFY(window.valueLabel(QStringLiteral("ConnectedSince"))->text().contains(QStringLiteral("0:01:0")));
        QVERIFY(window.valueLabel(QStringLiteral("RxBytes"))->text().contains(QStringLiteral("321 packets")));
        QVERIFY(window.logView()->toPlainText().contains(QStringLiteral("expect (OK)")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("isp")));

        // Live: a log line and a counter update show up without reopening.
        model.appendLog(kIsp, QStringLiteral("rcvd [IPCP ConfAck id=0x1]"));
        QVERIFY(window.logView()->toPlainText().contains(QStringLiteral("ConfAck")));
        // The graph samples once a second: two samples make one rate.
        model.updateLink(kIsp, {{QStringLiteral("RxBytes"), QVariant::fromValue<qulonglong>(133456)}});
        QTRY_VERIFY_WITH_TIMEOUT(!window.graph()->rxRates().isEmpty(), 5000);
        model.updateLink(kIsp, {{QStringLiteral("RxBytes"), QVariant::fromValue<qulonglong>(163456)},
                                {QStringLiteral("TxBytes"), QVariant::fromValue<qulonglong>(17890)}});
        QTRY_VERIFY_WITH_TIMEOUT(window.graph()->rxRates().contains(30000.0), 5000);

        const QString dir = qEnvironmentVariable("PPPKIT_SCREENSHOT_DIR", QDir::currentPath());
        const QString file = dir + QStringLiteral("/status-window.png");
        const QPixmap shot = window.grab();
        QVERIFY(!shot.isNull());
        QVERIFY2(shot.save(file), qPrintable(file));
        QVERIFY(QImage(file).width() >= 300);
        qInfo("screenshot: %s", qPrintable(file));

        // A link going down clears the addresses and updates the buttons.
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Disconnected")},
                                {QStringLiteral("LocalAddress"), QString()}});
        QCOMPARE(window.valueLabel(QStringLiteral("LocalAddress"))->text(), QStringLiteral("—"));
        QVERIFY(window.findChild<QWidget*>(QStringLiteral("connectButton"))->isEnabled());
        QVERIFY(!window.findChild<QWidget*>(QStringLiteral("disconnectButton"))->isEnabled());
    }

    void missingPropertiesShowADash() {
        LinkModel model;
        model.setLink(kIsp, {{QStringLiteral("Name"), QStringLiteral("isp")}, {QStringLiteral("State"), QStringLiteral("Disconnected")}});
        StatusWindow window(&model, nullptr);
        QCOMPARE(window.valueLabel(QStringLiteral("AuthProtocol"))->text(), QStringLiteral("—"));
        QCOMPARE(window.valueLabel(QStringLiteral("LocalAddress6"))->text(), QStringLiteral("—"));
        // A row for a property the service does not have at all is hidden.
        QVERIFY(window.valueLabel(QStringLiteral("Speed"))->isHidden());
        model.updateLink(kIsp, {{QStringLiteral("Speed"), QVariant::fromValue<uint>(115200)}});
        QVERIFY(!window.valueLabel(QStringLiteral("Speed"))->isHidden());
        QCOMPARE(window.valueLabel(QStringLiteral("Speed"))->text(), QStringLiteral("115,200 bit/s"));
    }
};

QTEST_MAIN(TestStatusWindow)
#include "test_status_window.moc"
