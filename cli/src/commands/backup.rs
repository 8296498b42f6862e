//! `casebook admin backup` and `casebook admin restore`: the whole of one machine's call in
//! one archive (a consistent copy of the database from SQLite's online backup API, the
//! uploaded files, the outbox and the signing keys), taken while `casebook serve` runs,
//! and put back into an empty data directory.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use casebook_core::Role;
use casebook_embedded::SqliteStore;
use casebook_startup::Backend;
use serde::{Deserialize, Serialize};

use crate::data_args::DataArgs;

/// The archive's description of itself, its first entry.
const MANIFEST: &str = "casebook-backup.json";
const DATABASE: &str = "casebook.sqlite";
/// The folders of the data directory an archive holds.
const FOLDERS: [&str; 2] = ["blobs", "outbox"];
/// What this version writes and reads.
const FORMAT: u32 = 1;

#[derive(clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The archive to write (a zip file; it must not exist yet). It holds the signing
    /// keys and personal data: keep it where only you can read it.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The archive `casebook admin backup` wrote.
    #[arg(value_name = "FILE")]
    pub archive: PathBuf,

    /// The directory to restore into: new, or empty.
    #[arg(long, value_name = "DIR")]
    pub data_dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    created_at: String,
    casebook: String,
    applications: u64,
    submitted: u64,
    files: usize,
}

fn is_secret_file(name: &str) -> bool {
    name.ends_with(".key")
}

/// The files below `dir` (recursively), as paths relative to `root`.
fn files_below(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // A file still being written (`.name.tmp`) is not one yet.
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            files_below(root, &path, out)?;
        } else {
            out.push(path.strip_prefix(root)?.to_path_buf());
        }
    }
    Ok(())
}

/// A zip entry's name for a relative path, with `/` whatever the system.
fn entry_name(path: &Path) -> String {
    path.components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect::<Vec<_>>()
        .join("/")
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    if args.data.backend != Backend::Embedded {
        bail!(
            "backup copies one machine's data directory; on AWS the table has point-in-time recovery and the bucket versioning (see infra/README.md)"
        );
    }
    let dir = &args.data.data_dir;
    if !dir.join(DATABASE).exists() {
        bail!(
            "there is no casebook data in {}: pass --data-dir (or CASEBOOK_DATA_DIR) as for `casebook serve`",
            dir.display()
        );
    }
    if args.out.exists() {
        bail!(
            "{} exists already: give --out a new file name (nothing was overwritten)",
            args.out.display()
        );
    }
    let store = SqliteStore::open_dir(dir)?;
    let scratch = tempfile::tempdir().context("a temporary directory")?;
    let copy = scratch.path().join(DATABASE);
    // The database first: files uploaded after this moment are extra in the archive,
    // never missing from it (each is written whole, then renamed into place).
    store
        .backup_to(&copy)
        .await
        .context("copying the database")?;
    let snapshot = SqliteStore::open_dir(scratch.path())?;
    let (applications, submitted) = snapshot.application_counts().await?;

    let mut files = Vec::new();
    for folder in FOLDERS {
        files_below(dir, &dir.join(folder), &mut files)?;
    }
    for role in Role::ALL {
        files.push(PathBuf::from(format!("{}.key", role.name())));
    }
    files.push(PathBuf::from("transfer.key"));
    files.retain(|f| dir.join(f).exists());
    let manifest = Manifest {
        format: FORMAT,
        created_at: jiff::Timestamp::now().to_string(),
        casebook: env!("CARGO_PKG_VERSION").into(),
        applications,
        submitted,
        files: files.len(),
    };

    let partial = args.out.with_extension("partial");
    write_archive(&partial, &copy, dir, &files, &manifest)
        .with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, &args.out)
        .with_context(|| format!("moving the archive to {}", args.out.display()))?;
    let bytes = std::fs::metadata(&args.out)?.len();
    println!(
        "Backed up {applications} applications ({submitted} submitted) and {} files to {} ({:.1} MB). It holds the signing keys and personal data: keep it where only you can read it.",
        files.len(),
        args.out.display(),
        bytes as f64 / 1e6
    );
    Ok(())
}

fn write_archive(
    path: &Path,
    database: &Path,
    dir: &Path,
    files: &[PathBuf],
    manifest: &Manifest,
) -> anyhow::Result<()> {
    use zip::write::SimpleFileOptions;
    let file = create_private(path)?;
    let mut archive = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600)
        .large_file(true);
    archive.start_file(MANIFEST, options)?;
    archive.write_all(&serde_json::to_vec_pretty(manifest)?)?;
    archive.start_file(DATABASE, options)?;
    std::io::copy(&mut File::open(database)?, &mut archive)?;
    for (i, relative) in files.iter().enumerate() {
        let source = dir.join(relative);
        // A file removed since it was listed (a refused upload) is simply not there.
        let Ok(mut source) = File::open(&source) else {
            continue;
        };
        archive.start_file(entry_name(relative), options)?;
        std::io::copy(&mut source, &mut archive)?;
        if (i + 1) % 500 == 0 {
            eprintln!("casebook: {} of {} files archived", i + 1, files.len());
        }
    }
    archive.finish()?.sync_all()?;
    Ok(())
}

/// A new file only its owner can read (the archive holds the signing keys).
fn create_private(path: &Path) -> anyhow::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    Ok(options.open(path)?)
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let target = &args.data_dir;
    if target.exists() && std::fs::read_dir(target)?.next().is_some() {
        bail!(
            "{} is not empty: restore into a new or empty directory, then point --data-dir (or CASEBOOK_DATA_DIR) at it (nothing was changed)",
            target.display()
        );
    }
    let file =
        File::open(&args.archive).with_context(|| format!("opening {}", args.archive.display()))?;
    let mut archive = zip::ZipArchive::new(file).with_context(|| {
        format!(
            "{} is not an archive `casebook admin backup` wrote",
            args.archive.display()
        )
    })?;
    let manifest: Manifest = {
        let mut entry = archive.by_name(MANIFEST).with_context(|| {
            format!(
                "{} has no {MANIFEST}: not a casebook backup",
                args.archive.display()
            )
        })?;
        let mut text = String::new();
        entry.read_to_string(&mut text)?;
        serde_json::from_str(&text).context("reading the backup's manifest")?
    };
    if manifest.format != FORMAT {
        bail!(
            "this backup is of format {} (casebook {}); this casebook reads format {FORMAT}",
            manifest.format,
            manifest.casebook
        );
    }
    // Into a sibling directory first, renamed into place whole once every file is out.
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging = tempfile::tempdir_in(parent).context("a directory beside the target")?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        // Only names inside the directory (no `..`, no absolute path): nothing can be
        // written elsewhere, whatever the archive holds.
        let Some(relative) = entry.enclosed_name() else {
            bail!(
                "the archive names a file outside its folder ({:?}): refused",
                entry.name()
            );
        };
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            bail!(
                "the archive names an unexpected path ({:?}): refused",
                entry.name()
            );
        }
        if entry.is_dir() || relative.as_os_str() == MANIFEST {
            continue;
        }
        let out = staging.path().join(&relative);
        if let Some(folder) = out.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let name = relative.to_string_lossy().into_owned();
        let mut written = if is_secret_file(&name) {
            create_private(&out)?
        } else {
            File::create(&out)?
        };
        std::io::copy(&mut entry, &mut written)?;
    }
    let staged = staging.keep();
    if target.exists() {
        std::fs::remove_dir(target)?;
    }
    std::fs::rename(&staged, target)
        .with_context(|| format!("moving the restored data into {}", target.display()))?;
    // Opened as `casebook serve` will open it: the database is whole and readable.
    let store = SqliteStore::open_dir(target)?;
    let (applications, submitted) = store.application_counts().await?;
    if (applications, submitted) != (manifest.applications, manifest.submitted) {
        bail!(
            "the restored database holds {applications} applications ({submitted} submitted), the backup said {} ({}): keep the archive and report this",
            manifest.applications,
            manifest.submitted
        );
    }
    println!(
        "Restored {applications} applications ({submitted} submitted) and {} files from {} (backed up {}) into {}. Start it with: casebook serve --data-dir {}",
        manifest.files,
        args.archive.display(),
        manifest.created_at,
        target.display(),
        target.display()
    );
    Ok(())
}
