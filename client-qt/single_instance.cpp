#include "single_instance.hpp"

#include <QLocalSocket>
#include <QStandardPaths>

namespace pppkit::tray {

namespace {
constexpr int kTimeoutMs = 1000;
}

SingleInstance::SingleInstance(const QString& socketPath, QObject* parent) : QObject(parent), path_(socketPath) {
    connect(&server_, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* peer = server_.nextPendingConnection()) {
            connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
            connect(peer, &QLocalSocket::readyRead, this, [this, peer] {
                while (peer->canReadLine()) emit requested(peer->readLine().trimmed());
            });
        }
    });
}

QString SingleInstance::defaultSocketPath() {
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) + QStringLiteral("/pppkit-tray.socket");
}

bool SingleInstance::forwardOrListen(const QByteArray& request) {
    QLocalSocket first;
    first.connectToServer(path_);
    if (first.waitForConnected(kTimeoutMs)) {
        first.write(request + '\n');
        first.waitForBytesWritten(kTimeoutMs);
        first.disconnectFromServer();
        return true;
    }
    // Nobody answers: a socket left by an instance that crashed is stale.
    QLocalServer::removeServer(path_);
    server_.setSocketOptions(QLocalServer::UserAccessOption);
    server_.listen(path_);
    return false;
}

}  // namespace pppkit::tray
