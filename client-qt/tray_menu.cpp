#include "tray_menu.hpp"

#include <QEvent>

#include "link_model.hpp"
#include "notifier.hpp"
#include "presentation.hpp"
#include "service_client.hpp"

namespace pppkit::tray {

TrayMenu::TrayMenu(LinkModel* model, ServiceClient* client, Notifier* notifier, QWidget* parent)
    : QMenu(parent), model_(model), client_(client), notifier_(notifier) {
    setObjectName(QStringLiteral("trayMenu"));
    settings_ = new QMenu(this);
    settings_->setObjectName(QStringLiteral("notifications"));
    const NotificationSettings current = notifier_ ? notifier_->settings() : NotificationSettings{};
    const auto option = [&](bool NotificationSettings::*field, const char* name) {
        QAction* act = settings_->addAction(QString());
        act->setObjectName(QLatin1String(name));
        act->setCheckable(true);
        act->setChecked(current.*field);
        act->setEnabled(notifier_ != nullptr);
        connect(act, &QAction::toggled, this, [this, field](bool on) {
            if (!notifier_) return;
            NotificationSettings s = notifier_->settings();
            s.*field = on;
            notifier_->setSettings(s);
        });
        return act;
    };
    notifyConnected_ = option(&NotificationSettings::connected, "notify-connected");
    notifyDisconnected_ = option(&NotificationSettings::disconnected, "notify-disconnected");
    notifyFailures_ = option(&NotificationSettings::failures, "notify-failures");

    if (client_) connect(client_, &ServiceClient::serviceRunningChanged, this, &TrayMenu::rebuild);
    // Traffic counters change every second; the menu shows none of them.
    connect(model, &LinkModel::linkChanged, this, &TrayMenu::rebuildIfChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TrayMenu::rebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TrayMenu::rebuild);
    connect(model, &QAbstractItemModel::rowsMoved, this, &TrayMenu::rebuild);
    connect(model, &QAbstractItemModel::modelReset, this, &TrayMenu::rebuild);
    rebuild();
}

void TrayMenu::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) rebuild();
    QMenu::changeEvent(event);
}

QAction* TrayMenu::connectAction(const QString& path) const {
    return findChild<QAction*>(QStringLiteral("connect:") + path, Qt::FindDirectChildrenOnly);
}

QAction* TrayMenu::disconnectAction(const QString& path) const {
    return findChild<QAction*>(QStringLiteral("disconnect:") + path, Qt::FindDirectChildrenOnly);
}

QString TrayMenu::signature() const {
    QStringList parts;
    for (const auto& path : model_->paths())
        parts << path << model_->name(path) << model_->state(path)
              << model_->property(path, QStringLiteral("LocalAddress")).toString()
              << model_->property(path, QStringLiteral("LastError")).toString();
    return parts.join(QLatin1Char('\n'));
}

void TrayMenu::rebuildIfChanged() {
    if (signature() != shown_) rebuild();
}

void TrayMenu::rebuild() {
    shown_ = signature();
    // Actions made by addAction() are children of the menu: clear() deletes them.
    clear();
    if (model_->rowCount() == 0) {
        const bool running = client_ && client_->serviceRunning();
        addAction(running || !client_ ? tr("No dial-up connections are configured")
                                      : tr("The pppkit service is not running"))
            ->setEnabled(false);
    }
    for (const auto& path : model_->paths()) addLinkSection(path);
    addSeparator();
    QAction* status = addAction(tr("Connection &Status…"));
    status->setObjectName(QStringLiteral("status"));
    connect(status, &QAction::triggered, this, [this] {
        emit statusWindowRequested(model_->paths().value(0));
    });
    addSettings();
    addSeparator();
    QAction* quit = addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    quit->setObjectName(QStringLiteral("quit"));
    connect(quit, &QAction::triggered, this, &TrayMenu::quitRequested);
}

void TrayMenu::addLinkSection(const QString& path) {
    const auto props = model_->properties(path);
    const QString state = model_->state(path);
    addSection(Presentation::icon(Presentation::status(props)),
               tr("%1 — %2").arg(model_->name(path), Presentation::stateText(state)));
    const QString local = props.value(QStringLiteral("LocalAddress")).toString();
    if (!local.isEmpty()) addAction(tr("Address %1").arg(local))->setEnabled(false);
    const bool disconnected = state.isEmpty() || state == QLatin1String("Disconnected");
    if (disconnected) {
        QAction* act = addAction(QIcon::fromTheme(QStringLiteral("network-connect")), tr("&Connect"));
        act->setObjectName(QStringLiteral("connect:") + path);
        connect(act, &QAction::triggered, this, [this, path] {
            if (client_) client_->connectLink(path);
        });
    } else if (state != QLatin1String("Disconnecting")) {
        QAction* act = addAction(QIcon::fromTheme(QStringLiteral("network-disconnect")), tr("&Disconnect"));
        act->setObjectName(QStringLiteral("disconnect:") + path);
        connect(act, &QAction::triggered, this, [this, path] {
            if (client_) client_->disconnectLink(path);
        });
    }
    QAction* details = addAction(tr("Details…"));
    details->setObjectName(QStringLiteral("details:") + path);
    connect(details, &QAction::triggered, this, [this, path] { emit statusWindowRequested(path); });
}

void TrayMenu::addSettings() {
    settings_->setTitle(tr("&Notifications"));
    notifyConnected_->setText(tr("When a link &connects"));
    notifyDisconnected_->setText(tr("When a link &disconnects"));
    notifyFailures_->setText(tr("When a connection &fails"));
    addMenu(settings_);
}

}  // namespace pppkit::tray
