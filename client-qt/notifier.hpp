// Notifier: decides which link events become desktop notifications
// (connected with the address, disconnected with the reason, failures with
// the service's message) and honours the user's settings. The tray shows
// what it emits; tests listen to the signal.
#pragma once

#include <QObject>
#include <QSet>
#include <QString>

namespace pppkit::tray {

class LinkModel;
class ServiceClient;

struct NotificationSettings {
    bool connected = true;
    bool disconnected = true;
    bool failures = true;

    // QSettings("pppkit", "pppkit-tray"), group "notifications".
    static NotificationSettings load();
    void save() const;
};

class Notifier : public QObject {
    Q_OBJECT
public:
    enum class Kind { Connected, Disconnected, Failure };
    Q_ENUM(Kind)

    Notifier(LinkModel* model, ServiceClient* client, QObject* parent = nullptr);

    const NotificationSettings& settings() const { return settings_; }
    void setSettings(const NotificationSettings& settings);

    // A Connect this applet made is in progress: its failure arrives as a
    // call error with the service's message, so the state change alone does
    // not notify.
    void expectOutcome(const QString& path) { pending_.insert(path); }

    // Entry points (public so tests can drive them without a bus).
    void linkStateChanged(const QString& path, const QString& oldState, const QString& newState);
    void callFailed(const QString& path, const QString& name, bool connecting, const QString& error,
                    const QString& message);

signals:
    void notify(pppkit::tray::Notifier::Kind kind, const QString& title, const QString& body);

private:
    LinkModel* model_;
    NotificationSettings settings_;
    QSet<QString> pending_;
};

}  // namespace pppkit::tray
