// ServiceClient: keeps a LinkModel in step with pppkitd on the system bus.
//
// It fetches every link with GetManagedObjects(), follows InterfacesAdded /
// InterfacesRemoved, PropertiesChanged and LogLine, and watches the bus name:
// when the service exits (idle exit, restart, crash) the links stay in the
// model as Disconnected, and when it is back (restarted or bus-activated by
// a Connect) the model is fetched again.
#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class LinkProxy;
class QDBusPendingCallWatcher;
class QDBusServiceWatcher;

namespace pppkit::tray {

class LinkModel;

class ServiceClient : public QObject {
    Q_OBJECT
public:
    static const QString kService;      // org.freedesktop.ppp1
    static const QString kManagerPath;  // /org/freedesktop/ppp1

    ServiceClient(const QDBusConnection& bus, LinkModel* model, QObject* parent = nullptr);
    ~ServiceClient() override;

    // Subscribes to the signals and fetches the links. This first fetch may
    // bus-activate pppkitd (so the menu lists the peers even when the service
    // exits while idle); later fetches only follow a service that is there.
    void start();
    bool serviceRunning() const { return running_; }

    // What the menu's Connect runs: Link.Connect() with interactive
    // authorization allowed (a polkit agent may ask for a password), then
    // Link.Wait() so a failed attempt reports the service's message.
    void connectLink(const QString& path);
    void disconnectLink(const QString& path);

signals:
    void serviceRunningChanged(bool running);
    // The model was filled from GetManagedObjects().
    void synchronized();
    // A call we made failed: name is the link, connecting whether it was a
    // Connect (else a Disconnect), error the D-Bus error name, message the
    // service's human message ("The line is busy — try again later.").
    void callFailed(const QString& path, const QString& name, bool connecting, const QString& error,
                    const QString& message);
    // connectLink() sent a Connect; its outcome follows as connectFinished or callFailed.
    void connectRequested(const QString& path);
    // A Connect we made ended with the link up.
    void connectFinished(const QString& path);

private slots:
    void onPropertiesChanged(const QDBusMessage& message);
    void onInterfacesAdded(const QDBusMessage& message);
    void onInterfacesRemoved(const QDBusMessage& message);

private:
    void fetchAll(bool activate);
    void setRunning(bool running);
    void addLink(const QString& path, const QVariantMap& properties);
    void dropLink(const QString& path);
    LinkProxy* proxy(const QString& path);
    void waitFor(const QString& path);
    void reportFailure(const QString& path, bool connecting, const QDBusMessage& reply);

    QDBusConnection bus_;
    QPointer<LinkModel> model_;
    QDBusServiceWatcher* watcher_ = nullptr;
    QHash<QString, LinkProxy*> proxies_;
    bool running_ = false;
    quint64 generation_ = 0;  // ignores replies from a previous service instance
};

}  // namespace pppkit::tray
