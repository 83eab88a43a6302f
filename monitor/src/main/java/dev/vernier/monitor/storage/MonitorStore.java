package dev.vernier.monitor.storage;

/**
 * All of the monitor's repositories in one handle, for the code that wires them ({@code
 * MonitorService}, the server). Each part has its own contract, documented on its interface and
 * checked by its own abstract contract test: {@link MonitorRepository} (monitors, baselines,
 * health, counters), {@link IngestRepository} (batches, positions, partitions, dead letters),
 * {@link WindowRepository} (open windows' rows, closed windows' results), {@link LabelRepository}
 * (joined labels, captured rows, re-evaluation), {@link AlertRepository} (alerts and their
 * retraining) and {@link DeliveryRepository} (webhooks and deliveries). Code that needs one part
 * should take that interface.
 *
 * <p>The exactly-once contract spans two of them: {@link IngestRepository#ingest} commits a batch's
 * rows with its source positions, and {@link WindowRepository#closeWindow} commits a window's
 * result with its alerts and the removal of its rows.
 */
public interface MonitorStore
    extends MonitorRepository,
        IngestRepository,
        WindowRepository,
        LabelRepository,
        AlertRepository,
        DeliveryRepository {}
