#include "notifier.hpp"

#include <QSettings>

#include "link_model.hpp"
#include "service_client.hpp"

namespace pppkit::tray {

NotificationSettings NotificationSettings::load() {
    QSettings s(QStringLiteral("pppkit"), QStringLiteral("pppkit-tray"));
    s.beginGroup(QStringLiteral("notifications"));
    NotificationSettings n;
    n.connected = s.value(QStringLiteral("connected"), true).toBool();
    n.disconnected = s.value(QStringLiteral("disconnected"), true).toBool();
    n.failures = s.value(QStringLiteral("failures"), true).toBool();
    return n;
}

void NotificationSettings::save() const {
    QSettings s(QStringLiteral("pppkit"), QStringLiteral("pppkit-tray"));
    s.beginGroup(QStringLiteral("notifications"));
    s.setValue(QStringLiteral("connected"), connected);
    s.setValue(QStringLiteral("disconnected"), disconnected);
    s.setValue(QStringLiteral("failures"), failures);
}

Notifier::Notifier(LinkModel* model, ServiceClient* client, QObject* parent)
    : QObject(parent), model_(model), settings_(NotificationSettings::load()) {
    connect(model, &LinkModel::linkStateChanged, this, &Notifier::linkStateChanged);
    if (client) {
        connect(client, &ServiceClient::callFailed, this, &Notifier::callFailed);
        connect(client, &ServiceClient::connectRequested, this, &Notifier::expectOutcome);
        connect(client, &ServiceClient::connectFinished, this, [this](const QString& path) { pending_.remove(path); });
    }
}

void Notifier::setSettings(const NotificationSettings& settings) {
    settings_ = settings;
    settings_.save();
}

void Notifier::linkStateChanged(const QString& path, const QString& oldState, const QString& newState) {
    const QString name = model_->name(path);
    if (newState == QLatin1String("Running")) {
        pending_.remove(path);
        if (!settings_.connected) return;
        const QString local = model_->property(path, QStringLiteral("LocalAddress")).toString();
        emit notify(Kind::Connected, tr("%1 connected").arg(name),
                    local.isEmpty() ? tr("The link is up.") : tr("Your address is %1.").arg(local));
        return;
    }
    if (newState != QLatin1String("Disconnected") || oldState.isEmpty() || oldState == QLatin1String("Disconnected"))
        return;
    const QString reason = model_->property(path, QStringLiteral("StateReason")).toString();
    const QString lastError = model_->property(path, QStringLiteral("LastError")).toString();
    if (!lastError.isEmpty()) {
        if (pending_.contains(path)) return;  // the call's error reports it, with the service's advice
        if (settings_.failures)
            emit notify(Kind::Failure, tr("%1: connection failed").arg(name),
                        reason.isEmpty() ? tr("The connection failed.") : reason);
        return;
    }
    pending_.remove(path);
    if (settings_.disconnected)
        emit notify(Kind::Disconnected, tr("%1 disconnected").arg(name), reason);
}

void Notifier::callFailed(const QString& path, const QString& name, bool connecting, const QString& error,
                          const QString& message) {
    pending_.remove(path);
    if (!settings_.failures) return;
    const QString who = name.isEmpty() ? path : name;
    emit notify(Kind::Failure, connecting ? tr("%1: connection failed").arg(who) : tr("%1: cannot disconnect").arg(who),
                message.isEmpty() ? error : message);
}

}  // namespace pppkit::tray
