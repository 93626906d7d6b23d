// pppkit-tray's client against the real pppkitd on a private bus with
// pppkit-sim (run by integration_test.sh): the menu's Connect brings the link
// to Running with the simulator's addresses, Disconnect takes it down, the
// client follows a service restart, and a failing Connect reports the
// service's message.
#include <QDBusConnection>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include "link_model.hpp"
#include "notifier.hpp"
#include "service_client.hpp"
#include "tray_menu.hpp"

using namespace pppkit::tray;

namespace {
const QString kIsp = QStringLiteral("/org/freedesktop/ppp1/link/isp");
const QString kNoModem = QStringLiteral("/org/freedesktop/ppp1/link/nomodem");
constexpr int kDialTimeoutMs = 30000;
}  // namespace

class TestTrayIntegration : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (qEnvironmentVariableIsEmpty("PPPKIT_TEST_PPPKITD")) QSKIP("run through tests/tray/integration_test.sh");
        QVERIFY2(QDBusConnection::systemBus().isConnected(), "no private system bus (DBUS_SYSTEM_BUS_ADDRESS)");
        model_ = new LinkModel(this);
        client_ = new ServiceClient(QDBusConnection::systemBus(), model_, this);
        notifier_ = new Notifier(model_, client_, this);
        notifier_->setSettings({});
        menu_ = new TrayMenu(model_, client_, notifier_);
        client_->start();
    }

    void cleanupTestCase() {
        delete menu_;
        stopDaemon();
    }

    void followsTheServiceAppearing() {
        // The applet was there first; the service starts later (as with bus activation).
        QVERIFY(!client_->serviceRunning());
        QSignalSpy synced(client_, &ServiceClient::synchronized);
        startDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(synced.count() > 0, 10000);
        QVERIFY(client_->serviceRunning());
        QVERIFY(model_->contains(kIsp));
        QVERIFY(model_->contains(kNoModem));
        QCOMPARE(model_->name(kIsp), QStringLiteral("isp"));
        QCOMPARE(model_->state(kIsp), QStringLiteral("Disconnected"));
    }

    void connectFromTheMenuThenDisconnect() {
        QSignalSpy finished(client_, &ServiceClient::connectFinished);
        QSignalSpy notes(notifier_, &Notifier::notify);
        QAction* connect = menu_->connectAction(kIsp);
        QVERIFY2(connect, "the menu has no Connect for isp");
        connect->trigger();

        QTRY_COMPARE_WITH_TIMEOUT(model_->state(kIsp), QStringLiteral("Running"), kDialTimeoutMs);
        QCOMPARE(model_->property(kIsp, QStringLiteral("LocalAddress")).toString(), QStringLiteral("10.64.0.2"));
        QCOMPARE(model_->property(kIsp, QStringLiteral("RemoteAddress")).toString(), QStringLiteral("10.64.0.1"));
        QCOMPARE(model_->property(kIsp, QStringLiteral("Interface")).toString(), QStringLiteral("ppp0"));
        QVERIFY(model_->property(kIsp, QStringLiteral("DNS")).toStringList().contains(QStringLiteral("10.64.0.53")));
        QVERIFY(model_->property(kIsp, QStringLiteral("ConnectedSince")).toULongLong() > 0);
        // noauth: no authentication protocol (the property is there, empty).
        QVERIFY(model_->property(kIsp, QStringLiteral("AuthProtocol")).isValid());
        QCOMPARE(model_->property(kIsp, QStringLiteral("AuthProtocol")).toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        // The chat dialogue arrived as LogLine signals.
        QVERIFY2(!model_->log(kIsp).isEmpty(), "no LogLine received");
        // "isp connected" with the address.
        QTRY_VERIFY_WITH_TIMEOUT(!notes.isEmpty(), 5000);
        QCOMPARE(notes.at(0).at(0).value<Notifier::Kind>(), Notifier::Kind::Connected);
        QVERIFY(notes.at(0).at(2).toString().contains(QStringLiteral("10.64.0.2")));
        // A client started now gets the transcript so far from GetLog().
        {
            LinkModel late;
            ServiceClient lateClient(QDBusConnection::systemBus(), &late);
            lateClient.start();
            QTRY_VERIFY_WITH_TIMEOUT(!late.log(kIsp).isEmpty(), 5000);
            QVERIFY2(late.log(kIsp).join(QLatin1Char('\n')).contains(QStringLiteral("10.64.0.2")),
                     qPrintable(late.log(kIsp).join(QLatin1Char('\n'))));
            QCOMPARE(late.state(kIsp), QStringLiteral("Running"));
        }
        // The menu now offers Disconnect and shows the address.
        QTRY_VERIFY_WITH_TIMEOUT(menu_->disconnectAction(kIsp), 5000);
        QVERIFY(!menu_->connectAction(kIsp));

        menu_->disconnectAction(kIsp)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(model_->state(kIsp), QStringLiteral("Disconnected"), 15000);
        QCOMPARE(model_->property(kIsp, QStringLiteral("LocalAddress")).toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(menu_->connectAction(kIsp), 5000);
    }

    void failedConnectReportsTheServiceMessage() {
        QSignalSpy failed(client_, &ServiceClient::callFailed);
        QSignalSpy notes(notifier_, &Notifier::notify);
        menu_->connectAction(kNoModem)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kDialTimeoutMs);
        const QString error = failed.at(0).at(3).toString();
        const QString message = failed.at(0).at(4).toString();
        QCOMPARE(error, QStringLiteral("org.freedesktop.ppp1.Error.DeviceError"));
        // The service's words: its advice from Wait(), or the link's reason
        // when the attempt had already failed when Wait() arrived.
        QVERIFY2(message.contains(QStringLiteral("serial device")) || message.contains(QStringLiteral("ttyNONE")),
                 qPrintable(message));
        QTRY_VERIFY_WITH_TIMEOUT(!notes.isEmpty(), 5000);
        // Exactly one notification, with the service's words.
        QTest::qWait(0);
        QCOMPARE(notes.count(), 1);
        QCOMPARE(notes.at(0).at(0).value<Notifier::Kind>(), Notifier::Kind::Failure);
        QCOMPARE(notes.at(0).at(2).toString(), message);
    }

    void survivesAServiceRestart() {
        QSignalSpy running(client_, &ServiceClient::serviceRunningChanged);
        stopDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(!client_->serviceRunning(), 10000);
        // The links stay, so Connect can start (activate) the service again.
        QVERIFY(model_->contains(kIsp));
        QCOMPARE(model_->state(kIsp), QStringLiteral("Disconnected"));
        QVERIFY(menu_->connectAction(kIsp));

        QSignalSpy synced(client_, &ServiceClient::synchronized);
        startDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(synced.count() > 0, 10000);
        QVERIFY(client_->serviceRunning());
        // Signals from the new instance are followed: a second dial.
        menu_->connectAction(kIsp)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(model_->state(kIsp), QStringLiteral("Running"), kDialTimeoutMs);
        QCOMPARE(model_->property(kIsp, QStringLiteral("LocalAddress")).toString(), QStringLiteral("10.64.0.2"));
        menu_->disconnectAction(kIsp)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(model_->state(kIsp), QStringLiteral("Disconnected"), 15000);
    }

private:
    void startDaemon() {
        daemon_ = new QProcess(this);
        daemon_->setProcessChannelMode(QProcess::MergedChannels);
        daemon_->setStandardOutputFile(qEnvironmentVariable("PPPKIT_TEST_LOG"), QIODevice::Append);
        daemon_->start(qEnvironmentVariable("PPPKIT_TEST_PPPKITD"),
                       {QStringLiteral("--config-dir"), qEnvironmentVariable("PPPKIT_TEST_CONFIG_DIR"),
                        QStringLiteral("--run-dir"), qEnvironmentVariable("PPPKIT_TEST_RUN_DIR")});
        QVERIFY2(daemon_->waitForStarted(5000), qPrintable(daemon_->errorString()));
    }

    void stopDaemon() {
        if (!daemon_) return;
        daemon_->terminate();
        if (!daemon_->waitForFinished(10000)) daemon_->kill();
        daemon_->waitForFinished(5000);
        delete daemon_;
        daemon_ = nullptr;
    }

    LinkModel* model_ = nullptr;
    ServiceClient* client_ = nullptr;
    Notifier* notifier_ = nullptr;
    TrayMenu* menu_ = nullptr;
    QProcess* daemon_ = nullptr;
};

QTEST_MAIN(TestTrayIntegration)
#include "test_tray_integration.moc"
