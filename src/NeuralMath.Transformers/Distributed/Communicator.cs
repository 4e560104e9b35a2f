using System.Text;

namespace NeuralMath.Distributed;

/// <summary>
/// The processes (ranks) of one job. Started by an MPI launcher (<c>mpirun -np N</c>, <c>mpiexec</c>), a process joins
/// the job's MPI world; started any other way it is a world of one and every collective call returns at once.
/// </summary>
public abstract class Communicator
{
    private static readonly Lazy<Communicator> WorldInstance = new(Join);

    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1. Rank 0 writes every file of a run.</summary>
    public abstract int Rank { get; }

    /// <summary>How many processes the job has.</summary>
    public abstract int Size { get; }

    /// <summary>The host name of every rank, in rank order.</summary>
    public abstract IReadOnlyList<string> Hosts { get; }

    /// <summary>Whether this process is rank 0.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>How many ranks share this process's host (they share its cores too).</summary>
    public int LocalSize => Hosts.Count(h => h == Hosts[Rank]);

    /// <summary>How many distinct hosts the job spans.</summary>
    public int HostCount => Hosts.Distinct(StringComparer.Ordinal).Count();

    /// <summary>Which MPI library carries the job ("none" for a single process).</summary>
    public abstract string Library { get; }

    /// <summary>Replaces every rank's <paramref name="values"/> with their element-wise sum over all ranks.</summary>
    public abstract void Sum(Span<float> values);

    /// <summary>Replaces every rank's <paramref name="values"/> with their element-wise sum over all ranks.</summary>
    public abstract void Sum(Span<double> values);

    /// <summary>Copies rank <paramref name="root"/>'s <paramref name="values"/> into every other rank's.</summary>
    public abstract void Broadcast(Span<float> values, int root = 0);

    /// <summary>Copies rank <paramref name="root"/>'s bytes into every other rank's <paramref name="values"/> (same length on all).</summary>
    public abstract void Broadcast(Span<byte> values, int root);

    /// <summary>
    /// Every rank's <paramref name="mine"/>, in rank order, on every rank: the lengths travel in one sum, then each
    /// rank broadcasts its bytes in turn (the job's few calls suffice; results are small next to a training step).
    /// </summary>
    public byte[][] AllGather(byte[] mine)
    {
        ArgumentNullException.ThrowIfNull(mine);
        if (Size == 1) return [mine];
        var lengths = new double[Size];
        lengths[Rank] = mine.Length;
        Sum(lengths);
        var all = new byte[Size][];
        for (int r = 0; r < Size; r++)
        {
            all[r] = r == Rank ? mine : new byte[(int)lengths[r]];
            Broadcast(all[r], r);
        }
        return all;
    }

    /// <summary>Returns when every rank has called it (one tiny sum: the binding keeps to the calls training needs).</summary>
    public void Barrier()
    {
        if (Size > 1) Sum(stackalloc double[1]);
    }

    /// <summary>Ends every rank of the job with <paramref name="exitCode"/> (after a failure on this rank).</summary>
    public abstract void Abort(int exitCode);

    /// <summary>Leaves the job at the end of a successful run.</summary>
    public abstract void Leave();

    /// <summary>
    /// The job this process belongs to: joined on first use when an MPI launcher started the process with more than
    /// one rank, otherwise a single process.
    /// </summary>
    public static Communicator World => WorldInstance.Value;

    /// <summary>Whether <see cref="World"/> has been joined (so that ending the process must leave or abort it).</summary>
    public static bool IsJoined => WorldInstance.IsValueCreated && WorldInstance.Value.Size > 1;

    /// <summary>
    /// The number of ranks an MPI launcher announced in the environment (Open MPI, MPICH, MS-MPI, PMIx), or 1 when
    /// the process was not started by one.
    /// </summary>
    public static int LaunchedRanks()
    {
        foreach (var name in new[] { "OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS" })
            if (int.TryParse(Environment.GetEnvironmentVariable(name), out int size) && size > 0) return size;
        return 1;
    }

    private static Communicator Join() => LaunchedRanks() > 1 ? new MpiCommunicator(MpiLibrary.Load()) : new SingleProcess();

    private sealed class SingleProcess : Communicator
    {
        public override int Rank => 0;

        public override int Size => 1;

        public override IReadOnlyList<string> Hosts { get; } = [Environment.MachineName];

        public override string Library => "none";

        public override void Sum(Span<float> values) { }

        public override void Sum(Span<double> values) { }

        public override void Broadcast(Span<float> values, int root = 0) { }

        public override void Broadcast(Span<byte> values, int root) { }

        public override void Abort(int exitCode) => Environment.Exit(exitCode);

        public override void Leave() { }
    }

    private sealed class MpiCommunicator : Communicator
    {
        private const int HostNameBytes = 256;
        private readonly MpiLibrary _mpi;
        private bool _left;

        public MpiCommunicator(MpiLibrary mpi)
        {
            _mpi = mpi;
            _mpi.Init();
            Rank = _mpi.Rank();
            Size = _mpi.Size();
            var mine = new byte[HostNameBytes];
            Encoding.UTF8.GetBytes(Environment.MachineName.AsSpan(0, Math.Min(Environment.MachineName.Length, HostNameBytes / 4)), mine);
            var all = new byte[HostNameBytes * Size];
            _mpi.Allgather(mine, all);
            Hosts = Enumerable.Range(0, Size)
                .Select(r => Encoding.UTF8.GetString(all.AsSpan(r * HostNameBytes, HostNameBytes)).TrimEnd('\0'))
                .ToArray();
        }

        public override int Rank { get; }

        public override int Size { get; }

        public override IReadOnlyList<string> Hosts { get; }

        public override string Library => _mpi.Name;

        public override void Sum(Span<float> values) => _mpi.AllreduceSum(values);

        public override void Sum(Span<double> values) => _mpi.AllreduceSum(values);

        public override void Broadcast(Span<float> values, int root = 0) => _mpi.Broadcast(values, root);

        public override void Broadcast(Span<byte> values, int root) => _mpi.Broadcast(values, root);

        public override void Abort(int exitCode) => _mpi.Abort(exitCode);

        public override void Leave()
        {
            if (_left) return;
            _left = true;
            _mpi.Shutdown();
        }
    }
}
