// StatusWindow: everything about one link — state and reason, device and
// speed, interface, addresses, DNS, MTU, authentication, connected since,
// traffic with a live graph, and the live log (the service masks secrets).
#pragma once

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace pppkit::tray {

class LinkModel;
class ServiceClient;
class TrafficGraph;

class StatusWindow : public QWidget {
    Q_OBJECT
public:
    // client may be null (tests without a bus): the buttons then do nothing.
    StatusWindow(LinkModel* model, ServiceClient* client, QWidget* parent = nullptr);

    void showLink(const QString& path);
    QString currentPath() const { return path_; }
    // The value label of a row by property name ("LocalAddress", "DNS", ...).
    QLabel* valueLabel(const QString& row) const { return values_.value(row); }
    TrafficGraph* graph() const { return graph_; }
    QPlainTextEdit* logView() const { return log_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refresh();
    void sample();
    void reloadLog();
    void addRow(const QString& key);

    LinkModel* model_;
    QPointer<ServiceClient> client_;
    QString path_;
    QComboBox* selector_;
    QFormLayout* form_;
    QHash<QString, QLabel*> labels_;  // the row captions
    QHash<QString, QLabel*> values_;
    TrafficGraph* graph_;
    QLabel* trafficCaption_;
    QLabel* logCaption_;
    QPlainTextEdit* log_;
    QPushButton* connect_;
    QPushButton* disconnect_;
    QPushButton* close_;
    QTimer timer_;
};

}  // namespace pppkit::tray
