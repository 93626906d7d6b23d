// pppkit-tray: the tray applet for pppkitd.
#include <QApplication>

#include "tray_app.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    return pppkit::tray::TrayApp::run(app, QStringLiteral(PPPKIT_VERSION));
}
