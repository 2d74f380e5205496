-- Apple Wallet's pass web service: which devices hold which passes (and the push token to tell
-- them of a change), so a device can ask which of its passes changed since it last looked.
CREATE TABLE wallet_registrations (
  device_id  TEXT    NOT NULL,
  pass_type  TEXT    NOT NULL,
  serial     TEXT    NOT NULL,
  push_token TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (device_id, pass_type, serial)
);
CREATE INDEX wallet_registrations_by_serial ON wallet_registrations (serial);
