-- Anomaly screening: what each detector's findings have been worth to the analysts.

CREATE SEQUENCE seq_anomaly_weights START 1;

-- Beta posterior of each detector's precision: alpha - 1 confirmed, beta - 1 dismissed,
-- on top of the prior the detector started with.
CREATE TABLE anomaly_detectors (
    detector VARCHAR PRIMARY KEY,
    alpha DOUBLE NOT NULL,
    beta DOUBLE NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

-- Every change of a detector's weight, so the page can show how the weights moved.
CREATE TABLE anomaly_weight_history (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_anomaly_weights'),
    detector VARCHAR NOT NULL,
    alpha DOUBLE NOT NULL,
    beta DOUBLE NOT NULL,
    weight DOUBLE NOT NULL,
    finding_id BIGINT,
    decision VARCHAR,
    decided_by VARCHAR,
    changed_at TIMESTAMP NOT NULL
);

-- Screening settings (approval limit, base currency), as JSON values.
CREATE TABLE anomaly_settings (
    key VARCHAR PRIMARY KEY,
    value JSON NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
