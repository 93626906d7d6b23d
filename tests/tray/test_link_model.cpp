// LinkModel, Presentation and Notifier without a bus or a display.
#include <QSignalSpy>
#include <QTest>

#include "link_model.hpp"
#include "translations.hpp"
#include "notifier.hpp"
#include "presentation.hpp"

using namespace pppkit::tray;

namespace {
const QString kIsp = QStringLiteral("/org/freedesktop/ppp1/link/isp");
const QString kWork = QStringLiteral("/org/freedesktop/ppp1/link/work");

QVariantMap link(const QString& name, const QString& state) {
    return {{QStringLiteral("Name"), name}, {QStringLiteral("State"), state}, {QStringLiteral("LastError"), QString()}};
}
}  // namespace

class TestLinkModel : public QObject {
    Q_OBJECT
private slots:
    // English plural forms ("1 day", "2 days") come from a translation too.
    void initTestCase() { QVERIFY(installTranslations(QLocale(QLocale::English, QLocale::UnitedStates))); }

    void addsLinksSortedByName() {
        LinkModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setLink(kWork, link(QStringLiteral("work"), QStringLiteral("Disconnected")));
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Disconnected")));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("isp"));
        QCOMPARE(model.data(model.index(1), LinkModel::PathRole).toString(), kWork);
    }

    void nameFallsBackToTheDecodedPath() {
        LinkModel model;
        model.setLink(QStringLiteral("/org/freedesktop/ppp1/link/my_2disp"), {});
        QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("my-isp"));
    }

    void removesLinks() {
        LinkModel model;
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Disconnected")));
        model.setLink(kWork, link(QStringLiteral("work"), QStringLiteral("Disconnected")));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.removeLink(kIsp);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.paths(), QStringList{kWork});
        model.retainOnly({});
        QCOMPARE(model.rowCount(), 0);
        model.removeLink(kIsp);  // unknown: nothing happens
        QCOMPARE(removed.count(), 2);
    }

    void propertyUpdatesMergeAndSignal() {
        LinkModel model;
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Disconnected")));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy states(&model, &LinkModel::linkStateChanged);
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Connecting")},
                                {QStringLiteral("Device"), QStringLiteral("/dev/ttyS1")}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(states.count(), 1);
        QCOMPARE(states.at(0).at(1).toString(), QStringLiteral("Disconnected"));
        QCOMPARE(states.at(0).at(2).toString(), QStringLiteral("Connecting"));
        QCOMPARE(model.property(kIsp, QStringLiteral("Device")).toString(), QStringLiteral("/dev/ttyS1"));
        QCOMPARE(model.name(kIsp), QStringLiteral("isp"));  // untouched properties stay

        model.updateLink(kIsp, {{QStringLiteral("RxBytes"), QVariant::fromValue<qulonglong>(10)}});
        QCOMPARE(states.count(), 1);  // no state change, no state signal
        QCOMPARE(changed.count(), 2);

        model.updateLink(kIsp, {}, {QStringLiteral("Device")});
        QVERIFY(!model.property(kIsp, QStringLiteral("Device")).isValid());
        // A property the service does not publish reads as invalid, not as a crash.
        QVERIFY(!model.property(kIsp, QStringLiteral("AuthProtocol")).isValid());
    }

    void lateNameKeepsOrder() {
        LinkModel model;
        model.setLink(QStringLiteral("/org/freedesktop/ppp1/link/b"), link(QStringLiteral("b"), QStringLiteral("Disconnected")));
        model.setLink(kWork, {});  // "work" from the path until its Name arrives
        model.updateLink(kWork, {{QStringLiteral("Name"), QStringLiteral("a")}});
        QCOMPARE(model.name(model.pathAt(0)), QStringLiteral("a"));
    }

    void unknownLinkUpdateAddsIt() {
        LinkModel model;
        model.updateLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Running")));
        QCOMPARE(model.state(kIsp), QStringLiteral("Running"));
    }

    void serviceGoneMarksLinksDisconnected() {
        LinkModel model;
        auto up = link(QStringLiteral("isp"), QStringLiteral("Running"));
        up.insert(QStringLiteral("LocalAddress"), QStringLiteral("10.64.0.2"));
        model.setLink(kIsp, up);
        QSignalSpy states(&model, &LinkModel::linkStateChanged);
        model.markServiceGone(QStringLiteral("gone"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.state(kIsp), QStringLiteral("Disconnected"));
        QCOMPARE(model.property(kIsp, QStringLiteral("StateReason")).toString(), QStringLiteral("gone"));
        QCOMPARE(model.property(kIsp, QStringLiteral("LocalAddress")).toString(), QString());
        QCOMPARE(states.count(), 1);
    }

    void logIsBounded() {
        LinkModel model;
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Disconnected")));
        QSignalSpy appended(&model, &LinkModel::logAppended);
        for (int i = 0; i < LinkModel::kLogLimit + 5; ++i) model.appendLog(kIsp, QString::number(i));
        QCOMPARE(appended.count(), LinkModel::kLogLimit + 5);
        QCOMPARE(model.log(kIsp).size(), LinkModel::kLogLimit);
        QCOMPARE(model.log(kIsp).first(), QStringLiteral("5"));
        model.appendLog(kWork, QStringLiteral("x"));  // unknown link: dropped
        QCOMPARE(appended.count(), LinkModel::kLogLimit + 5);
    }

    void stateToStatus_data() {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("lastError");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("icon");
        const int off = int(Status::Disconnected), busy = int(Status::Connecting), up = int(Status::Connected),
                  err = int(Status::Error);
        QTest::newRow("disconnected") << "Disconnected" << "" << off << "network-offline";
        QTest::newRow("dialling") << "Connecting" << "" << busy << "network-wired-acquiring";
        QTest::newRow("lcp") << "Establish" << "" << busy << "network-wired-acquiring";
        QTest::newRow("auth") << "Authenticate" << "" << busy << "network-wired-acquiring";
        QTest::newRow("ipcp") << "Network" << "" << busy << "network-wired-acquiring";
        QTest::newRow("holdoff") << "Holdoff" << "org.freedesktop.ppp1.Error.Hangup" << busy << "network-wired-acquiring";
        QTest::newRow("running") << "Running" << "" << up << "network-transmit-receive";
        QTest::newRow("hanging up") << "Disconnecting" << "" << busy << "network-wired-acquiring";
        QTest::newRow("failed") << "Disconnected" << "org.freedesktop.ppp1.Error.Busy" << err << "network-error";
    }
    void stateToStatus() {
        QFETCH(QString, state);
        QFETCH(QString, lastError);
        QFETCH(int, status);
        QFETCH(QString, icon);
        const QVariantMap p{{QStringLiteral("State"), state}, {QStringLiteral("LastError"), lastError}};
        QCOMPARE(int(Presentation::status(p)), status);
        QCOMPARE(Presentation::themeIconName(Presentation::status(p)), icon);
        // The shipped fallback exists and renders.
        QVERIFY(!QIcon(Presentation::fallbackIconPath(Presentation::status(p))).pixmap(22, 22).isNull());
    }

    void overallStatusPrefersConnected() {
        LinkModel model;
        QCOMPARE(Presentation::overallStatus(model), Status::Disconnected);
        auto failed = link(QStringLiteral("work"), QStringLiteral("Disconnected"));
        failed.insert(QStringLiteral("LastError"), QStringLiteral("org.freedesktop.ppp1.Error.Busy"));
        model.setLink(kWork, failed);
        QCOMPARE(Presentation::overallStatus(model), Status::Error);
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Network")));
        QCOMPARE(Presentation::overallStatus(model), Status::Connecting);
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Running")}});
        QCOMPARE(Presentation::overallStatus(model), Status::Connected);
    }

    void toolTipShowsNameStateAddressesAndDuration() {
        LinkModel model;
        QVERIFY(Presentation::toolTip(model, 0).contains(QStringLiteral("No dial-up connections")));
        const qint64 since = 1'700'000'000'000'000;
        auto up = link(QStringLiteral("isp"), QStringLiteral("Running"));
        up.insert(QStringLiteral("LocalAddress"), QStringLiteral("10.64.0.2"));
        up.insert(QStringLiteral("RemoteAddress"), QStringLiteral("10.64.0.1"));
        up.insert(QStringLiteral("ConnectedSince"), QVariant::fromValue<qulonglong>(since));
        model.setLink(kIsp, up);
        auto failed = link(QStringLiteral("work"), QStringLiteral("Disconnected"));
        failed.insert(QStringLiteral("LastError"), QStringLiteral("org.freedesktop.ppp1.Error.Busy"));
        failed.insert(QStringLiteral("StateReason"), QStringLiteral("The line is busy"));
        model.setLink(kWork, failed);
        const QString tip = Presentation::toolTip(model, since + 312'000'000);
        QVERIFY2(tip.contains(QStringLiteral("isp: Connected — 10.64.0.2 ⇄ 10.64.0.1, 0:05:12")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("work: Disconnected — The line is busy")), qPrintable(tip));
    }

    void formatsDurationsAndBytes() {
        QCOMPARE(Presentation::formatDuration(0), QStringLiteral("0:00:00"));
        QCOMPARE(Presentation::formatDuration(3 * 3600 + 4 * 60 + 5), QStringLiteral("3:04:05"));
        QCOMPARE(Presentation::formatDuration(2 * 86400 + 61), QStringLiteral("2 days 0:01:01"));
        QCOMPARE(Presentation::formatDuration(-5), QStringLiteral("0:00:00"));
        QLocale::setDefault(QLocale::c());
        QCOMPARE(Presentation::formatBytes(512), QStringLiteral("512 bytes"));
        QCOMPARE(Presentation::formatBytes(1536), QStringLiteral("1.5 kB"));
    }

    void notifiesConnectedDisconnectedAndFailures() {
        LinkModel model;
        Notifier notifier(&model, nullptr);
        notifier.setSettings({});
        QSignalSpy spy(&notifier, &Notifier::notify);
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Disconnected")));
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Network")}});
        QCOMPARE(spy.count(), 0);  // intermediate states are quiet
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Running")},
                                {QStringLiteral("LocalAddress"), QStringLiteral("10.64.0.2")}});
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<Notifier::Kind>(), Notifier::Kind::Connected);
        QVERIFY(spy.at(0).at(2).toString().contains(QStringLiteral("10.64.0.2")));

        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Disconnected")},
                                {QStringLiteral("StateReason"), QStringLiteral("stopped by request")}});
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).value<Notifier::Kind>(), Notifier::Kind::Disconnected);
        QCOMPARE(spy.at(1).at(2).toString(), QStringLiteral("stopped by request"));

        // A failure of an attempt someone else started: the reason from the link.
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Connecting")}});
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Disconnected")},
                                {QStringLiteral("LastError"), QStringLiteral("org.freedesktop.ppp1.Error.Busy")},
                                {QStringLiteral("StateReason"), QStringLiteral("modem reported BUSY")}});
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).value<Notifier::Kind>(), Notifier::Kind::Failure);
        QCOMPARE(spy.at(2).at(2).toString(), QStringLiteral("modem reported BUSY"));

        // Our own attempt: the state change stays quiet, the call's error
        // (the service's advice) is the notification.
        notifier.expectOutcome(kIsp);
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Connecting")}});
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Disconnected")}});
        QCOMPARE(spy.count(), 3);
        notifier.callFailed(kIsp, QStringLiteral("isp"), true, QStringLiteral("org.freedesktop.ppp1.Error.Busy"),
                            QStringLiteral("The line is busy — try again later."));
        QCOMPARE(spy.count(), 4);
        QCOMPARE(spy.at(3).at(1).toString(), QStringLiteral("isp: connection failed"));
        QCOMPARE(spy.at(3).at(2).toString(), QStringLiteral("The line is busy — try again later."));
    }

    void notificationSettingsSilenceAndPersist() {
        LinkModel model;
        Notifier notifier(&model, nullptr);
        NotificationSettings quiet;
        quiet.connected = false;
        quiet.failures = false;
        notifier.setSettings(quiet);
        QSignalSpy spy(&notifier, &Notifier::notify);
        model.setLink(kIsp, link(QStringLiteral("isp"), QStringLiteral("Connecting")));
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Running")}});
        notifier.callFailed(kIsp, QStringLiteral("isp"), true, QString(), QStringLiteral("x"));
        QCOMPARE(spy.count(), 0);
        model.updateLink(kIsp, {{QStringLiteral("State"), QStringLiteral("Disconnected")}});
        QCOMPARE(spy.count(), 1);  // disconnects still on

        const auto loaded = NotificationSettings::load();
        QCOMPARE(loaded.connected, false);
        QCOMPARE(loaded.disconnected, true);
        QCOMPARE(loaded.failures, false);
        notifier.setSettings({});
    }
};

QTEST_MAIN(TestLinkModel)
#include "test_link_model.moc"
