// TrafficGraph: the last minute of receive/send rates as two lines, like
// kppp's and plasma-nm's traffic views. Fed one sample per second.
#pragma once

#include <QVector>
#include <QWidget>

namespace pppkit::tray {

class TrafficGraph : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSamples = 60;

    explicit TrafficGraph(QWidget* parent = nullptr);

    // Cumulative byte counters; the graph plots the difference to the last call.
    void addCounters(quint64 rxBytes, quint64 txBytes);
    void clear();
    const QVector<double>& rxRates() const { return rx_; }
    const QVector<double>& txRates() const { return tx_; }

    QSize sizeHint() const override { return {360, 90}; }
    QSize minimumSizeHint() const override { return {160, 60}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<double> rx_, tx_;
    quint64 lastRx_ = 0, lastTx_ = 0;
    bool primed_ = false;
};

}  // namespace pppkit::tray
