// A second instance forwards its request to the first and steps aside; a
// socket left behind by a crashed instance does not block a new one.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "single_instance.hpp"

using namespace pppkit::tray;

class TestSingleInstance : public QObject {
    Q_OBJECT
private slots:
    void secondInstanceForwards() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("tray.socket"));
        SingleInstance first(path);
        QSignalSpy requests(&first, &SingleInstance::requested);
        QVERIFY(!first.forwardOrListen("tray"));  // nobody there: we are the first
        SingleInstance second(path);
        QVERIFY(second.forwardOrListen("status"));
        QTRY_COMPARE_WITH_TIMEOUT(requests.count(), 1, 5000);
        QCOMPARE(requests.at(0).at(0).toByteArray(), QByteArray("status"));
    }

    void staleSocketIsReplaced() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tray.socket"));
        {
            QFile stale(path);
            QVERIFY(stale.open(QIODevice::WriteOnly));
        }
        SingleInstance instance(path);
        QVERIFY(!instance.forwardOrListen("tray"));
        SingleInstance later(path);
        QVERIFY(later.forwardOrListen("tray"));  // the new one listens
    }
};

QTEST_MAIN(TestSingleInstance)
#include "test_single_instance.moc"
