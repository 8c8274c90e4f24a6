"""Offline transcription of recorded calls: audio in, VAD, Vosk/faster-whisper, merge, metrics, redaction."""
