namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>What worker processes logged of one numbered topic (values 0..records-1): how often each value was
/// accepted, by whom, and which records were held.</summary>
internal sealed class QueueRun(IReadOnlyList<WorkerLog> logs, int records)
{
    private readonly List<WorkerLine> _accepted = [];
    private readonly List<WorkerLine> _held = [];
    private readonly Dictionary<string, int> _acceptedBy = logs.ToDictionary(l => l.Worker, _ => 0);

    public NumberedTally Tally { get; } = new(records);

    public IReadOnlyList<WorkerLine> Accepted => _accepted;

    public IReadOnlyDictionary<string, int> AcceptedBy => _acceptedBy;

    public IReadOnlyList<WorkerLine> HeldBy(string worker) => _held.Where(h => h.Worker == worker).ToList();

    /// <summary>Takes in the lines the workers completed since the last call.</summary>
    public void Refresh()
    {
        foreach (WorkerLog log in logs)
        {
            int before = log.Lines.Count;
            log.Refresh();
            foreach (WorkerLine line in log.Lines.Skip(before))
            {
                (line.Kind == 'H' ? _held : _accepted).Add(line);
                if (line.Kind == 'A')
                {
                    _acceptedBy[line.Worker]++;
                    Tally.Accept(line.Value);
                }
            }
        }
    }

    public string Describe() =>
        $"{Tally}; acceptances by worker {string.Join(", ", _acceptedBy.Select(w => $"{w.Key}={w.Value}"))}";
}
