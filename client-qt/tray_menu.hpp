// TrayMenu: the applet's menu — one section per link with its state and
// Connect/Disconnect, then the status window, notification settings and Quit.
// Rebuilt from the LinkModel whenever it changes. Works without a tray (the
// integration test triggers the same actions a click does).
#pragma once

#include <QMenu>
#include <QPointer>

namespace pppkit::tray {

class LinkModel;
class Notifier;
class ServiceClient;

class TrayMenu : public QMenu {
    Q_OBJECT
public:
    // client and notifier may be null (tests without a bus).
    TrayMenu(LinkModel* model, ServiceClient* client, Notifier* notifier, QWidget* parent = nullptr);

    // The action that connects (or disconnects) the link at path; null when
    // the link is not in that state. Object names: "connect:PATH", "disconnect:PATH".
    QAction* connectAction(const QString& path) const;
    QAction* disconnectAction(const QString& path) const;

signals:
    void statusWindowRequested(const QString& path);
    void quitRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void rebuildIfChanged();
    QString signature() const;
    void addLinkSection(const QString& path);
    void addSettings();

    LinkModel* model_;
    QPointer<ServiceClient> client_;
    QPointer<Notifier> notifier_;
    QMenu* settings_ = nullptr;
    QAction* notifyConnected_ = nullptr;
    QAction* notifyDisconnected_ = nullptr;
    QAction* notifyFailures_ = nullptr;
    QString shown_;  // signature() of what the menu shows
};

}  // namespace pppkit::tray
