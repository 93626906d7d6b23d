#include "tray_icon.hpp"

#include <QCursor>
#include <QSystemTrayIcon>

#include "link_model.hpp"
#include "tray_menu.hpp"

namespace pppkit::tray {

TrayIcon::TrayIcon(LinkModel* model, TrayMenu* menu, Notifier* notifier, QObject* parent)
    : QObject(parent), model_(model), menu_(menu), icon_(new QSystemTrayIcon(this)) {
    icon_->setContextMenu(menu);
    connect(icon_, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        // A left click opens the same menu as a right click, as nm-applet does.
        // Below (or above, at the bottom of the screen) the icon, not over it.
        if (reason != QSystemTrayIcon::Trigger) return;
        const QRect at = icon_->geometry();
        menu_->popup(at.isValid() ? at.bottomLeft() + QPoint(0, 1) : QCursor::pos());
    });
    connect(model, &LinkModel::linkChanged, this, &TrayIcon::refresh);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TrayIcon::refresh);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TrayIcon::refresh);
    connect(notifier, &Notifier::notify, this, [this](Notifier::Kind kind, const QString& title, const QString& body) {
        const auto severity = kind == Notifier::Kind::Failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information;
        icon_->showMessage(title, body, severity, 8000);
    });
    animation_.setInterval(500);
    connect(&animation_, &QTimer::timeout, this, &TrayIcon::animate);
    clock_.setInterval(1000);
    connect(&clock_, &QTimer::timeout, this, [this] { icon_->setToolTip(Presentation::toolTip(*model_, Presentation::nowUsec())); });
    refresh();
}

void TrayIcon::show() { icon_->show(); }

void TrayIcon::refresh() {
    const Status status = Presentation::overallStatus(*model_);
    if (status != shown_ || icon_->icon().isNull()) {
        shown_ = status;
        frame_ = false;
        icon_->setIcon(Presentation::icon(status));
        if (status == Status::Connecting)
            animation_.start();
        else
            animation_.stop();
        if (status == Status::Connected)
            clock_.start();
        else
            clock_.stop();
    }
    icon_->setToolTip(Presentation::toolTip(*model_, Presentation::nowUsec()));
}

void TrayIcon::animate() {
    // Connecting blinks between its own icon and the disconnected one.
    frame_ = !frame_;
    icon_->setIcon(Presentation::icon(frame_ ? Status::Disconnected : Status::Connecting));
}

}  // namespace pppkit::tray
