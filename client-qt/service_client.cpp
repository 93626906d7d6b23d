#include "service_client.hpp"

#include <QDBusArgument>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>

#include "dbus_types.hpp"
#include "link_model.hpp"
#include "link_proxy.h"
#include "presentation.hpp"

namespace pppkit::tray {

const QString ServiceClient::kService = QStringLiteral("org.freedesktop.ppp1");
const QString ServiceClient::kManagerPath = QStringLiteral("/org/freedesktop/ppp1");

namespace {
const QString kPropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");
const QString kObjectManagerInterface = QStringLiteral("org.freedesktop.DBus.ObjectManager");
// Connect may wait for a polkit agent while the user types a password.
constexpr int kConnectTimeoutMs = 5 * 60 * 1000;
// Wait(0) has no deadline on the service side; this bounds our side.
constexpr int kWaitTimeoutMs = 60 * 60 * 1000;

QString linkInterface() { return QString::fromLatin1(LinkProxy::staticInterfaceName()); }

bool serviceGoneError(const QString& name) {
    return name == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown") ||
           name == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner") ||
           name == QLatin1String("org.freedesktop.DBus.Error.NoReply") ||
           name == QLatin1String("org.freedesktop.DBus.Error.Disconnected") ||
           name == QLatin1String("org.freedesktop.DBus.Error.UnknownObject");
}
}  // namespace

ServiceClient::ServiceClient(const QDBusConnection& bus, LinkModel* model, QObject* parent)
    : QObject(parent), bus_(bus), model_(model) {
    registerDBusTypes();
}

ServiceClient::~ServiceClient() = default;

void ServiceClient::start() {
    watcher_ = new QDBusServiceWatcher(kService, bus_, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(watcher_, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString&, const QString&, const QString& newOwner) {
                if (newOwner.isEmpty()) {
                    setRunning(false);
                    if (model_) model_->markServiceGone(tr("The pppkit service stopped"));
                } else {
                    fetchAll(false);
                }
            });
    // Every link's PropertiesChanged, whatever its path; the sender is the
    // service's owner (QtDBus follows the well-known name).
    bus_.connect(kService, QString(), kPropertiesInterface, QStringLiteral("PropertiesChanged"), this,
                 SLOT(onPropertiesChanged(QDBusMessage)));
    bus_.connect(kService, kManagerPath, kObjectManagerInterface, QStringLiteral("InterfacesAdded"), this,
                 SLOT(onInterfacesAdded(QDBusMessage)));
    bus_.connect(kService, kManagerPath, kObjectManagerInterface, QStringLiteral("InterfacesRemoved"), this,
                 SLOT(onInterfacesRemoved(QDBusMessage)));
    fetchAll(true);
}

void ServiceClient::setRunning(bool running) {
    if (running_ == running) return;
    running_ = running;
    emit serviceRunningChanged(running);
}

void ServiceClient::fetchAll(bool activate) {
    const quint64 generation = ++generation_;
    auto call = QDBusMessage::createMethodCall(kService, kManagerPath, kObjectManagerInterface,
                                               QStringLiteral("GetManagedObjects"));
    call.setAutoStartService(activate);
    auto* pending = new QDBusPendingCallWatcher(bus_.asyncCall(call), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this, generation](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        if (generation != generation_ || !model_) return;
        const QDBusMessage reply = w->reply();
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
            // Not running (yet): the service watcher tells us when it is.
            setRunning(false);
            return;
        }
        const auto objects = readManagedObjects(reply.arguments().at(0).value<QDBusArgument>());
        QStringList seen;
        for (auto it = objects.begin(); it != objects.end(); ++it) {
            const auto iface = it.value().find(linkInterface());
            if (iface == it.value().end()) continue;
            seen.append(it.key());
            addLink(it.key(), iface.value());
        }
        for (const auto& path : model_->paths())
            if (!seen.contains(path)) dropLink(path);
        setRunning(true);
        emit synchronized();
    });
}

LinkProxy* ServiceClient::proxy(const QString& path) {
    auto it = proxies_.find(path);
    if (it != proxies_.end()) return it.value();
    auto* link = new LinkProxy(kService, path, bus_, this);
    link->setTimeout(kWaitTimeoutMs);
    connect(link, &LinkProxy::LogLine, this, [this, path](const QString& text) {
        if (model_) model_->appendLog(path, Presentation::logLine(Presentation::nowUsec(), text));
    });
    proxies_.insert(path, link);
    return link;
}

void ServiceClient::addLink(const QString& path, const QVariantMap& properties) {
    LinkProxy* link = proxy(path);
    model_->setLink(path, properties);
    // The transcript so far (a service without GetLog just has none).
    auto* pending = new QDBusPendingCallWatcher(link->GetLog(), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this, path](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<PppLogLines> reply = *w;
        // A restarted service starts with an empty transcript: keep ours then.
        if (!model_ || reply.isError() || reply.value().isEmpty()) return;
        QStringList lines;
        for (const auto& line : reply.value())
            lines.append(Presentation::logLine(static_cast<qint64>(line.time), line.text));
        model_->setLog(path, lines);
    });
}

void ServiceClient::dropLink(const QString& path) {
    if (auto* link = proxies_.take(path)) link->deleteLater();
    if (model_) model_->removeLink(path);
}

void ServiceClient::onPropertiesChanged(const QDBusMessage& message) {
    const auto args = message.arguments();
    if (!model_ || args.size() < 3 || args.at(0).toString() != linkInterface()) return;
    const QString path = message.path();
    const QVariantMap changed = readVariantMap(args.at(1).value<QDBusArgument>());
    const QStringList invalidated = args.at(2).toStringList();
    if (!model_->contains(path)) proxy(path);
    model_->updateLink(path, changed, invalidated);
    if (invalidated.isEmpty()) return;
    // Invalidated properties carry no value: fetch them.
    auto call = QDBusMessage::createMethodCall(kService, path, kPropertiesInterface, QStringLiteral("GetAll"));
    call << linkInterface();
    auto* pending = new QDBusPendingCallWatcher(bus_.asyncCall(call), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this, path](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (!model_ || reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) return;
        model_->updateLink(path, readVariantMap(reply.arguments().at(0).value<QDBusArgument>()));
    });
}

void ServiceClient::onInterfacesAdded(const QDBusMessage& message) {
    const auto args = message.arguments();
    if (!model_ || args.size() < 2) return;
    const QString path = args.at(0).value<QDBusObjectPath>().path();
    const auto interfaces = readInterfaceProperties(args.at(1).value<QDBusArgument>());
    const auto iface = interfaces.find(linkInterface());
    if (iface != interfaces.end()) addLink(path, iface.value());
}

void ServiceClient::onInterfacesRemoved(const QDBusMessage& message) {
    const auto args = message.arguments();
    if (args.size() < 2) return;
    if (args.at(1).toStringList().contains(linkInterface()))
        dropLink(args.at(0).value<QDBusObjectPath>().path());
}

void ServiceClient::connectLink(const QString& path) {
    auto call = QDBusMessage::createMethodCall(kService, path, linkInterface(), QStringLiteral("Connect"));
    // polkit may ask the user (auth_admin_keep for users outside dip).
    call.setInteractiveAuthorizationAllowed(true);
    emit connectRequested(path);
    auto* pending = new QDBusPendingCallWatcher(bus_.asyncCall(call, kConnectTimeoutMs), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this, path](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (reply.type() == QDBusMessage::ErrorMessage)
            reportFailure(path, true, reply);
        else
            waitFor(path);
    });
}

void ServiceClient::waitFor(const QString& path) {
    auto* pending = new QDBusPendingCallWatcher(proxy(path)->Wait(0), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this, path](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (reply.type() != QDBusMessage::ErrorMessage) {
            emit connectFinished(path);
            return;
        }
        if (reply.errorName() == QLatin1String("org.freedesktop.ppp1.Error.NotConnected")) {
            // Disconnected before it came up: by request, or the attempt had
            // already failed when Wait arrived — then the link says why.
            const QString lastError = model_ ? model_->property(path, QStringLiteral("LastError")).toString() : QString();
            if (!lastError.isEmpty())
                emit callFailed(path, model_->name(path), true, lastError,
                                model_->property(path, QStringLiteral("StateReason")).toString());
            return;
        }
        reportFailure(path, true, reply);
    });
}

void ServiceClient::disconnectLink(const QString& path) {
    auto call =
        QDBusMessage::createMethodCall(kService, path, linkInterface(), QStringLiteral("Disconnect"));
    call.setInteractiveAuthorizationAllowed(true);
    auto* pending = new QDBusPendingCallWatcher(bus_.asyncCall(call, kConnectTimeoutMs), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this, path](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (reply.type() == QDBusMessage::ErrorMessage) reportFailure(path, false, reply);
    });
}

void ServiceClient::reportFailure(const QString& path, bool connecting, const QDBusMessage& reply) {
    // The service vanishing mid-call is reported by the watcher instead.
    if (serviceGoneError(reply.errorName()) && reply.errorName() != QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown"))
        return;
    QString message = reply.errorMessage();
    if (reply.errorName() == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown"))
        message = tr("The pppkit service is not installed or cannot be started.");
    emit callFailed(path, model_ ? model_->name(path) : QString(), connecting, reply.errorName(), message);
}

}  // namespace pppkit::tray
