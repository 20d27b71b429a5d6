// The parts run in file-name order: 01-races … 99-personal-data (the scan must come last).
const Sequencer = require('@jest/test-sequencer').default;

class ByNameSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = ByNameSequencer;
