"""The ward's and the city's figures: status, channels, on-time rate, overdue, satisfaction, fees."""
