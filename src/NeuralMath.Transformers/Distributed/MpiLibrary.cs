using System.Runtime.InteropServices;

namespace NeuralMath.Distributed;

/// <summary>
/// The few MPI calls data-parallel training needs, bound at run time to whichever MPI library the launcher provided:
/// Open MPI (<c>libmpi.so.40</c>), MPICH (<c>libmpi.so.12</c>) or MS-MPI (<c>msmpi.dll</c>). One binding serves all
/// three because only the handles differ: Open MPI's communicators, types and operations are addresses of exported
/// globals, MPICH's and MS-MPI's are 32-bit integers with the same values (they share MPICH's <c>mpi.h</c>). Both
/// travel as <see cref="nint"/>: on x64 an integer handle passed in a 64-bit slot is read from its low half.
/// </summary>
/// <remarks>MPI.NET (NuGet) is not used: it binds <c>msmpi.dll</c> with integer handles only and crashes on Open MPI.</remarks>
internal sealed unsafe partial class MpiLibrary
{
    private static readonly string[] Candidates = OperatingSystem.IsWindows()
        ? ["msmpi.dll"]
        : ["libmpi.so.40", "libmpi.so.12", "libmpi.so"];

    private readonly delegate* unmanaged<nint, nint, int> _init;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, int> _allreduce;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, int> _bcast;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> _allgather;
    private readonly delegate* unmanaged<nint, int, int> _abort;

    private MpiLibrary(nint library, string name)
    {
        Name = name;
        nint Function(string export) => NativeLibrary.TryGetExport(library, export, out var address)
            ? address
            : throw new DllNotFoundException($"'{name}' has no {export}: it is not an MPI library.");
        _init = (delegate* unmanaged<nint, nint, int>)Function("MPI_Init");
        _initialized = (delegate* unmanaged<int*, int>)Function("MPI_Initialized");
        _finalize = (delegate* unmanaged<int>)Function("MPI_Finalize");
        _commRank = (delegate* unmanaged<nint, int*, int>)Function("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Function("MPI_Comm_size");
        _allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Function("MPI_Allreduce");
        _bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Function("MPI_Bcast");
        _allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Function("MPI_Allgather");
        _abort = (delegate* unmanaged<nint, int, int>)Function("MPI_Abort");

        if (NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out var world))
        {
            // Open MPI: handles are the addresses of its predefined objects; MPI_IN_PLACE is (void*)1.
            World = world;
            Float = Function("ompi_mpi_float");
            Double = Function("ompi_mpi_double");
            Byte = Function("ompi_mpi_byte");
            Sum = Function("ompi_mpi_op_sum");
            InPlace = 1;
        }
        else
        {
            // MPICH and MS-MPI (mpi.h): integer handles; MPI_IN_PLACE is (void*)-1.
            World = 0x44000000;
            Float = 0x4c00040a;
            Double = 0x4c00080b;
            Byte = 0x4c00010d;
            Sum = 0x58000003;
            InPlace = -1;
        }
    }

    /// <summary>The file the binding loaded.</summary>
    public string Name { get; }

    public nint World { get; }

    public nint Float { get; }

    public nint Double { get; }

    public nint Byte { get; }

    public nint Sum { get; }

    public nint InPlace { get; }

    /// <summary>
    /// Loads the MPI library (<c>NEURALMATH_MPI_LIBRARY</c> names it when it is none of the usual files). Open MPI
    /// loads its own plug-ins with <c>dlopen</c> and needs its symbols visible to them: on Linux the library is
    /// opened with <c>RTLD_GLOBAL</c> first.
    /// </summary>
    public static MpiLibrary Load()
    {
        string? chosen = Environment.GetEnvironmentVariable("NEURALMATH_MPI_LIBRARY");
        foreach (var name in chosen is { Length: > 0 } ? [chosen] : Candidates)
        {
            if (!OperatingSystem.IsWindows()) GlobalDlopen(name);
            if (NativeLibrary.TryLoad(name, out var library)) return new MpiLibrary(library, name);
        }
        throw new DllNotFoundException(
            $"This process was started by an MPI launcher but no MPI library could be loaded (tried {string.Join(", ", chosen is { Length: > 0 } ? [chosen] : Candidates)}). " +
            (OperatingSystem.IsWindows() ? "Install MS-MPI." : "Install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin), or set NEURALMATH_MPI_LIBRARY to the library's path."));
    }

    public void Init()
    {
        int done;
        Check(_initialized(&done), "MPI_Initialized");
        if (done == 0) Check(_init(0, 0), "MPI_Init");
    }

    public void Shutdown() => Check(_finalize(), "MPI_Finalize");

    public int Rank()
    {
        int rank;
        Check(_commRank(World, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int Size()
    {
        int size;
        Check(_commSize(World, &size), "MPI_Comm_size");
        return size;
    }

    public void AllreduceSum(Span<float> values)
    {
        fixed (float* p = values) Check(_allreduce((void*)InPlace, p, values.Length, Float, Sum, World), "MPI_Allreduce");
    }

    public void AllreduceSum(Span<double> values)
    {
        fixed (double* p = values) Check(_allreduce((void*)InPlace, p, values.Length, Double, Sum, World), "MPI_Allreduce");
    }

    public void Broadcast(Span<float> values, int root)
    {
        fixed (float* p = values) Check(_bcast(p, values.Length, Float, root, World), "MPI_Bcast");
    }

    public void Broadcast(Span<byte> values, int root)
    {
        fixed (byte* p = values) Check(_bcast(p, values.Length, Byte, root, World), "MPI_Bcast");
    }

    public void Allgather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        fixed (byte* s = mine)
        fixed (byte* r = all)
            Check(_allgather(s, mine.Length, Byte, r, mine.Length, Byte, World), "MPI_Allgather");
    }

    public void Abort(int code) => _abort(World, code);

    // MPI's default error handler ends the job on failure; a non-zero code still reaching us is reported, not ignored.
    private static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error code {code}.");
    }

    private static void GlobalDlopen(string name)
    {
        const int RtldNow = 2, RtldGlobal = 0x100;
        try
        {
            Dlopen(name, RtldNow | RtldGlobal);
        }
        catch (DllNotFoundException)
        {
            // No libdl under that name: the plain load below still works for MPI builds without plug-ins.
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Dlopen(string file, int mode);
}
