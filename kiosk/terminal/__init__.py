"""What runs on the ward terminal beside the server: the kiosk browser."""
