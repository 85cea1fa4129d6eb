"""The register of persons and bodies and the timeline of events."""
