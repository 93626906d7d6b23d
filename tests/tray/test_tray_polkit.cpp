// Run by polkit_test.sh as an unprivileged user against pppkitd + polkitd:
// PPPKIT_TEST_EXPECT=authorized — the menu's Connect brings isp up (group
// dip: no password prompt) and Disconnect takes it down;
// PPPKIT_TEST_EXPECT=refused — Connect fails with NotAuthorized and the
// notification carries the service's message.
#include <QDBusConnection>
#include <QSignalSpy>
#include <QTest>
#include <unistd.h>

#include "link_model.hpp"
#include "notifier.hpp"
#include "service_client.hpp"
#include "tray_menu.hpp"

using namespace pppkit::tray;

namespace {
const QString kIsp = QStringLiteral("/org/freedesktop/ppp1/link/isp");
}

class TestTrayPolkit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (qEnvironmentVariableIsEmpty("PPPKIT_TEST_EXPECT")) QSKIP("run through tests/tray/polkit_test.sh");
        QVERIFY2(geteuid() != 0, "must run as an unprivileged user");
    }

    void connectFromTheMenu() {
        LinkModel model;
        ServiceClient client(QDBusConnection::systemBus(), &model);
        Notifier notifier(&model, &client);
        notifier.setSettings({});
        TrayMenu menu(&model, &client, &notifier);
        QSignalSpy synced(&client, &ServiceClient::synchronized);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(synced.count() > 0, 10000);
        QVERIFY(menu.connectAction(kIsp));

        QSignalSpy failed(&client, &ServiceClient::callFailed);
        QSignalSpy notes(&notifier, &Notifier::notify);
        menu.connectAction(kIsp)->trigger();
        if (qEnvironmentVariable("PPPKIT_TEST_EXPECT") == QLatin1String("authorized")) {
            QTRY_COMPARE_WITH_TIMEOUT(model.state(kIsp), QStringLiteral("Running"), 30000);
            QCOMPARE(model.property(kIsp, QStringLiteral("LocalAddress")).toString(), QStringLiteral("10.64.0.2"));
            QCOMPARE(failed.count(), 0);
            QTRY_VERIFY_WITH_TIMEOUT(menu.disconnectAction(kIsp), 5000);
            menu.disconnectAction(kIsp)->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(model.state(kIsp), QStringLiteral("Disconnected"), 15000);
            QCOMPARE(failed.count(), 0);
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QCOMPARE(failed.at(0).at(3).toString(), QStringLiteral("org.freedesktop.ppp1.Error.NotAuthorized"));
        const QString message = failed.at(0).at(4).toString();
        QVERIFY2(message.contains(QStringLiteral("dip")), qPrintable(message));
        QTRY_COMPARE_WITH_TIMEOUT(notes.count(), 1, 5000);
        QCOMPARE(notes.at(0).at(0).value<Notifier::Kind>(), Notifier::Kind::Failure);
        QCOMPARE(notes.at(0).at(2).toString(), message);
        QCOMPARE(model.state(kIsp), QStringLiteral("Disconnected"));
    }
};

QTEST_MAIN(TestTrayPolkit)
#include "test_tray_polkit.moc"
