// WebApplicationFactory finds the app's host through a process-wide listener on host building, so two
// factories starting at once can pick up each other's host; the end-to-end tests start them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
