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
use crate::words::say;

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
        bail!(say!(CLI_BACKUP_ON_AWS));
    }
    let dir = &args.data.data_dir;
    if !dir.join(DATABASE).exists() {
        bail!(say!(CLI_BACKUP_NO_DATA, dir = dir.display().to_string()));
    }
    if args.out.exists() {
        bail!(say!(
            CLI_BACKUP_EXISTS,
            path = args.out.display().to_string()
        ));
    }
    let store = SqliteStore::open_dir(dir)?;
    let scratch = tempfile::tempdir().with_context(|| say!(CLI_TEMPORARY_DIRECTORY))?;
    let copy = scratch.path().join(DATABASE);
    // The database first: files uploaded after this moment are extra in the archive,
    // never missing from it (each is written whole, then renamed into place).
    store
        .backup_to(&copy)
        .await
        .with_context(|| say!(CLI_COPYING_DATABASE))?;
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
        .with_context(|| say!(CLI_WRITING, path = partial.display().to_string()))?;
    std::fs::rename(&partial, &args.out)
        .with_context(|| say!(CLI_MOVING_ARCHIVE, path = args.out.display().to_string()))?;
    let bytes = std::fs::metadata(&args.out)?.len();
    println!(
        "{}",
        say!(
            CLI_BACKED_UP,
            applications = applications,
            submitted = submitted,
            files = files.len(),
            path = args.out.display().to_string(),
            mb = format!("{:.1}", bytes as f64 / 1e6)
        )
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
            eprintln!(
                "{}",
                say!(CLI_FILES_ARCHIVED, done = i + 1, total = files.len())
            );
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
        bail!(say!(
            CLI_RESTORE_NOT_EMPTY,
            path = target.display().to_string()
        ));
    }
    let archive_name = args.archive.display().to_string();
    let file = File::open(&args.archive)
        .with_context(|| say!(CLI_OPENING, path = archive_name.as_str()))?;
    let mut archive = zip::ZipArchive::new(file)
        .with_context(|| say!(CLI_NOT_A_BACKUP, path = archive_name.as_str()))?;
    let manifest: Manifest = {
        let mut entry = archive.by_name(MANIFEST).with_context(|| {
            say!(
                CLI_BACKUP_NO_MANIFEST,
                path = archive_name.as_str(),
                manifest = MANIFEST
            )
        })?;
        let mut text = String::new();
        entry.read_to_string(&mut text)?;
        serde_json::from_str(&text).with_context(|| say!(CLI_READING_MANIFEST))?
    };
    if manifest.format != FORMAT {
        bail!(say!(
            CLI_BACKUP_FORMAT,
            format = manifest.format,
            version = manifest.casebook.as_str(),
            reads = FORMAT
        ));
    }
    // Into a sibling directory first, renamed into place whole once every file is out.
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging = tempfile::tempdir_in(parent).with_context(|| say!(CLI_BESIDE_TARGET))?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        // Only names inside the directory (no `..`, no absolute path): nothing can be
        // written elsewhere, whatever the archive holds.
        let Some(relative) = entry.enclosed_name() else {
            bail!(say!(
                CLI_ARCHIVE_OUTSIDE,
                name = format!("{:?}", entry.name())
            ));
        };
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            bail!(say!(
                CLI_ARCHIVE_UNEXPECTED,
                name = format!("{:?}", entry.name())
            ));
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
        .with_context(|| say!(CLI_MOVING_RESTORED, path = target.display().to_string()))?;
    // Opened as `casebook serve` will open it: the database is whole and readable.
    let store = SqliteStore::open_dir(target)?;
    let (applications, submitted) = store.application_counts().await?;
    if (applications, submitted) != (manifest.applications, manifest.submitted) {
        bail!(say!(
            CLI_RESTORE_MISMATCH,
            applications = applications,
            submitted = submitted,
            said_applications = manifest.applications,
            said_submitted = manifest.submitted
        ));
    }
    println!(
        "{}",
        say!(
            CLI_RESTORED,
            applications = applications,
            submitted = submitted,
            files = manifest.files,
            archive = archive_name.as_str(),
            at = manifest.created_at.to_string(),
            path = target.display().to_string()
        )
    );
    Ok(())
}
