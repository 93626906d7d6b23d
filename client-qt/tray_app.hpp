// The applet put together: model, client, notifier, menu, icon and status
// window on the system bus, with the command line and translations.
#pragma once

#include <QCoreApplication>
#include <QString>

class QApplication;

namespace pppkit::tray {

class TrayApp {
    Q_DECLARE_TR_FUNCTIONS(TrayApp)
public:
    // Runs the applet until Quit; returns the exit code.
    static int run(QApplication& app, const QString& version);
};

}  // namespace pppkit::tray
