namespace NeuralMath.Data;

/// <summary>
/// The examples of each training epoch of a multitask model, mixed by task weight: an epoch has as many examples as the
/// training set (copies from oversampling included), and task t gets exactly its share w_t / Σw of them (largest
/// remainders), drawn from its own stream. Everything is a pure function of (seed, epoch), so a resumed run draws exactly
/// what an uninterrupted one would.
/// </summary>
/// <remarks>
/// A task's stream walks its examples in passes, each pass a new seeded shuffle, so within a task every example is seen
/// equally often; a task whose share exceeds its size goes round its examples more than once per epoch, a smaller share
/// takes several epochs to see them all. Without weights a large task would crowd out a small one by its size alone.
/// </remarks>
internal sealed class TaskMixture
{
    // Its own stream of the run's seed: the batcher's epochs use the epoch number.
    private const ulong PassStream = 0x7A5C_0000_0000_0000;

    private readonly int[][] _examples; // per task: the epoch indices (example i repeated copies[i] times) of its examples
    private readonly int[] _quota;
    private readonly ulong _seed;
    private readonly (long Pass, int[] Order)[] _pass;

    /// <param name="epochIndices">The examples of one unmixed epoch (each example as many times as its copies).</param>
    /// <param name="taskOf">The task of every example.</param>
    /// <param name="weights">Each task's weight (positive).</param>
    /// <param name="seed">The run's seed.</param>
    public TaskMixture(IReadOnlyList<int> epochIndices, IReadOnlyList<int> taskOf, IReadOnlyList<double> weights, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(epochIndices);
        ArgumentNullException.ThrowIfNull(taskOf);
        ArgumentNullException.ThrowIfNull(weights);
        _examples = [.. Enumerable.Range(0, weights.Count).Select(t => epochIndices.Where(i => taskOf[i] == t).ToArray())];
        EpochSize = epochIndices.Count;
        _quota = Quotas(EpochSize, weights);
        for (int t = 0; t < weights.Count; t++)
            if (_quota[t] > 0 && _examples[t].Length == 0)
                throw new ArgumentException($"Task {t} has weight {weights[t]} but no training inputs.", nameof(taskOf));
        _seed = seed;
        _pass = [.. _examples.Select(_ => (-1L, Array.Empty<int>()))];
    }

    /// <summary>Examples per epoch.</summary>
    public int EpochSize { get; }

    /// <summary>How many examples of each task every epoch holds.</summary>
    public IReadOnlyList<int> Quotas() => _quota;

    /// <summary>The examples of an epoch (unshuffled: task after task; the batcher shuffles them).</summary>
    public int[] Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var result = new int[EpochSize];
        int filled = 0;
        for (int t = 0; t < _examples.Length; t++)
        {
            int n = _examples[t].Length;
            for (long draw = (long)epoch * _quota[t], end = draw + _quota[t]; draw < end; draw++)
                result[filled++] = PassOrder(t, draw / n)[(int)(draw % n)];
        }
        return result;
    }

    private int[] PassOrder(int task, long pass)
    {
        if (_pass[task].Pass != pass)
        {
            var order = (int[])_examples[task].Clone();
            new SeededRandom(_seed ^ PassStream, (ulong)pass * (ulong)_examples.Length + (ulong)task).Shuffle(order.AsSpan());
            _pass[task] = (pass, order);
        }
        return _pass[task].Order;
    }

    // Shares of `total` proportional to the weights, summing exactly to it: floors, then the largest remainders (ties to
    // the earlier task), so the proportions do not depend on floating-point luck beyond the weights themselves.
    private static int[] Quotas(int total, IReadOnlyList<double> weights)
    {
        double sum = weights.Sum();
        var exact = weights.Select(w => total * (w / sum)).ToArray();
        var quota = exact.Select(x => (int)Math.Floor(x)).ToArray();
        int left = total - quota.Sum();
        foreach (int t in Enumerable.Range(0, quota.Length).OrderByDescending(t => exact[t] - quota[t]).ThenBy(t => t).Take(left)) quota[t]++;
        return quota;
    }
}
