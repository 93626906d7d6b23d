// TrayIcon: the QSystemTrayIcon — icon for the overall state (connecting
// alternates two frames), tooltip with every link, the menu on either click,
// and the Notifier's messages as notifications.
#pragma once

#include <QObject>
#include <QTimer>

#include "notifier.hpp"
#include "presentation.hpp"

class QSystemTrayIcon;

namespace pppkit::tray {

class LinkModel;
class TrayMenu;

class TrayIcon : public QObject {
    Q_OBJECT
public:
    TrayIcon(LinkModel* model, TrayMenu* menu, Notifier* notifier, QObject* parent = nullptr);

    QSystemTrayIcon* systemTrayIcon() const { return icon_; }
    Status shownStatus() const { return shown_; }
    void show();

private:
    void refresh();
    void animate();

    LinkModel* model_;
    TrayMenu* menu_;
    QSystemTrayIcon* icon_;
    QTimer animation_;
    QTimer clock_;  // the tooltip's duration ticks while a link is up
    Status shown_ = Status::Disconnected;
    bool frame_ = false;
};

}  // namespace pppkit::tray
