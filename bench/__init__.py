"""`make bench`: speed, memory and NLU quality of the assistant, and of Rasa's default pipeline and
policies trained on the same data, measured in the same run (README, "Speed")."""
