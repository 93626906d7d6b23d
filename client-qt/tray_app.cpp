#include "tray_app.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QDBusConnection>
#include <QMessageBox>
#include <QSystemTrayIcon>

#include "link_model.hpp"
#include "notifier.hpp"
#include "service_client.hpp"
#include "single_instance.hpp"
#include "status_window.hpp"
#include "translations.hpp"
#include "tray_icon.hpp"
#include "tray_menu.hpp"

namespace pppkit::tray {

int TrayApp::run(QApplication& app, const QString& version) {
    QApplication::setApplicationName(QStringLiteral("pppkit-tray"));
    QApplication::setOrganizationName(QStringLiteral("pppkit"));
    QApplication::setApplicationVersion(version);
    QApplication::setDesktopFileName(QStringLiteral("pppkit-tray"));
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/pppkit.svg")));
    installTranslations(QLocale());

    QCommandLineParser args;
    args.setApplicationDescription(tr("Dial-up connections in the system tray."));
    args.addHelpOption();
    args.addVersionOption();
    QCommandLineOption status(QStringLiteral("status"), tr("Open the status window at start."));
    args.addOption(status);
    args.process(app);

    SingleInstance instance(SingleInstance::defaultSocketPath());
    if (instance.forwardOrListen(args.isSet(status) ? QByteArrayLiteral("status") : QByteArrayLiteral("tray")))
        return 0;  // the running applet does it

    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        QMessageBox::critical(nullptr, tr("pppkit"),
                              tr("Cannot connect to the system bus: %1")
                                  .arg(bus.lastError().message()));
        return 1;
    }

    LinkModel model;
    ServiceClient client(bus, &model);
    Notifier notifier(&model, &client);
    TrayMenu menu(&model, &client, &notifier);
    StatusWindow window(&model, &client);
    TrayIcon tray(&model, &menu, &notifier);

    QObject::connect(&menu, &TrayMenu::statusWindowRequested, &window, [&window](const QString& path) {
        if (!path.isEmpty()) window.showLink(path);
        window.show();
        window.raise();
        window.activateWindow();
    });
    QObject::connect(&menu, &TrayMenu::quitRequested, &app, &QApplication::quit);
    QObject::connect(&instance, &SingleInstance::requested, &window, [&window](const QByteArray& request) {
        if (request != "status") return;
        window.show();
        window.raise();
        window.activateWindow();
    });

    client.start();
    tray.show();
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        // No tray host: the status window is the way in, and closing it quits.
        QApplication::setQuitOnLastWindowClosed(true);
        window.show();
    }
    if (args.isSet(status)) window.show();
    return app.exec();
}

}  // namespace pppkit::tray
