// Each shipped translation loads from the resources and changes words the
// user sees (menu entries, state names, the status window's captions).
#include <QFormLayout>
#include <QLabel>
#include <QTest>
#include <QTranslator>

#include "link_model.hpp"
#include "presentation.hpp"
#include "status_window.hpp"
#include "translations.hpp"
#include "tray_menu.hpp"

using namespace pppkit::tray;

namespace {
const QString kIsp = QStringLiteral("/org/freedesktop/ppp1/link/isp");
}

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void menuAndWindowAreTranslated_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("connect");
        QTest::addColumn<QString>("quit");
        QTest::addColumn<QString>("running");
        QTest::addColumn<QString>("localAddress");
        QTest::newRow("de") << "de" << "&Verbinden" << "&Beenden" << "Verbunden" << "Lokale Adresse:";
        QTest::newRow("fr") << "fr" << "Se &connecter" << "&Quitter" << "Connecté" << "Adresse locale\u00a0:";
        QTest::newRow("es") << "es" << "&Conectar" << "&Salir" << "Conectado" << "Dirección local:";
    }

    void menuAndWindowAreTranslated() {
        QFETCH(QString, language);
        QFETCH(QString, connect);
        QFETCH(QString, quit);
        QFETCH(QString, running);
        QFETCH(QString, localAddress);

        LinkModel model;
        model.setLink(kIsp, {{QStringLiteral("Name"), QStringLiteral("isp")},
                             {QStringLiteral("State"), QStringLiteral("Disconnected")}});
        TrayMenu menu(&model, nullptr, nullptr);
        StatusWindow window(&model, nullptr);
        QCOMPARE(menu.connectAction(kIsp)->text(), QStringLiteral("&Connect"));
        QCOMPARE(menu.findChild<QAction*>(QStringLiteral("quit"))->text(), QStringLiteral("&Quit"));

        QTranslator translator;
        QVERIFY2(translator.load(translationFile(language)), qPrintable(translationFile(language)));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        // LanguageChange reaches the widgets through the event loop.
        QTRY_COMPARE(menu.findChild<QAction*>(QStringLiteral("quit"))->text(), quit);
        QCOMPARE(menu.connectAction(kIsp)->text(), connect);
        QCOMPARE(Presentation::stateText(QStringLiteral("Running")), running);
        const auto* caption = qobject_cast<QLabel*>(
            window.findChild<QFormLayout*>()->labelForField(window.valueLabel(QStringLiteral("LocalAddress"))));
        QVERIFY(caption);
        QCOMPARE(caption->text(), localAddress);

        QCoreApplication::removeTranslator(&translator);
        QTRY_COMPARE(menu.findChild<QAction*>(QStringLiteral("quit"))->text(), QStringLiteral("&Quit"));
    }

    void everyMessageIsTranslated_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("de") << "de";
        QTest::newRow("fr") << "fr";
        QTest::newRow("es") << "es";
    }
    void everyMessageIsTranslated() {
        // lrelease drops unfinished entries; a .qm much smaller than the
        // others would mean a translation fell behind. Check a sample of
        // contexts resolve.
        QFETCH(QString, language);
        QTranslator translator;
        QVERIFY(translator.load(translationFile(language)));
        for (const auto& [context, source] :
             {std::pair{"pppkit::tray::TrayMenu", "&Disconnect"}, std::pair{"pppkit::tray::Notifier", "%1 connected"},
              std::pair{"pppkit::tray::StatusWindow", "Authentication:"},
              std::pair{"Presentation", "Waiting to redial"},
              std::pair{"pppkit::tray::ServiceClient", "The pppkit service stopped"},
              std::pair{"pppkit::tray::TrafficGraph", "received"}}) {
            const QString t = translator.translate(context, source);
            QVERIFY2(!t.isEmpty(), qPrintable(QStringLiteral("%1: no %2 for '%3'").arg(language, QLatin1String(context), QLatin1String(source))));
            QVERIFY(t != QLatin1String(source));
        }
    }

    void installPicksTheLocale() {
        QTranslator* t = installTranslations(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(t);
        QCOMPARE(Presentation::stateText(QStringLiteral("Disconnected")), QStringLiteral("Getrennt"));
        QCoreApplication::removeTranslator(t);
        // English: only the plural forms.
        QTranslator* en = installTranslations(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(en);
        QCOMPARE(Presentation::stateText(QStringLiteral("Disconnected")), QStringLiteral("Disconnected"));
        QCOMPARE(Presentation::formatDuration(86400), QStringLiteral("1 day 0:00:00"));
        QCoreApplication::removeTranslator(en);
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
